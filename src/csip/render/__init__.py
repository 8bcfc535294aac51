"""Render: a report's context to text in one format."""
