"""Commands: build (being written)."""
