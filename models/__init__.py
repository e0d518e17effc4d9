"""Tables, the database, and the request status state machine (the only writer of status)."""
