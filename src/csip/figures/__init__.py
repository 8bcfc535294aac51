"""Figures: where every action stands as of a date, and every tally, as pure functions."""
