"""Mailbox sources: where raw messages come from (a local Maildir, an IMAP server)."""
