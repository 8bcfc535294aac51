"""Commands: status (being written)."""
