"""Training material written by this project (never the dev letters) and the training loop."""
