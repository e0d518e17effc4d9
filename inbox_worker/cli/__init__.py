"""The ``foia-intake`` command line."""
