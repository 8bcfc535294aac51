"""Commands: reports (being written)."""
