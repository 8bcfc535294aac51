"""Load: plan files as text to plain data, with the positions problems need."""
