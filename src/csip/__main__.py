"""The ``csip`` program: ``python -m csip`` and the console script start here.

A command runs once and exits, so the cyclic garbage collector is off for the whole run, from
before the first import: it would walk the millions of small objects a large plan is read into
(and the classes and functions of every module imported), again and again as more appear, and
find no cycles among them. The program decides that, not the library, which is why it is done
here and not in ``csip.cli``.
"""

import gc


def main() -> None:
    """Run the command line (``csip.cli.main``) with the garbage collector off."""
    gc.disable()
    from csip.cli import main as run

    run()


if __name__ == "__main__":
    main()
