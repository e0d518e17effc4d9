"""The daily status digest: what to do and by when, what changed, and what needs review.

``deadlines`` reads a request's deadlines (the one place to follow models.status), ``build`` turns
the database into a typed ``Digest``, ``render`` makes the text and HTML email, ``ledger`` keeps
the record of every digest, ``smtp`` sends it, ``delivery`` ties them together exactly once, and
``schedule`` runs it inside the daemon.
"""
