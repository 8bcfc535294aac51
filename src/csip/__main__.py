"""``python -m csip``."""

from csip.cli import main

main()
