"""The ``csip`` program: ``python -m csip`` and the console script start here.

A command runs once and exits, so the cyclic garbage collector is off for the whole run, from
before the first import: it would walk the millions of small objects a large plan is read into
(and the classes and functions of every module imported), again and again as more appear, and
find no cycles among them. The program decides that, not the library, which is why it is done
here and not in ``csip.cli``.

For the same reason the program leaves pydantic's plugins out, unless the environment says
otherwise: they let monitoring tools watch validation in services, and looking for them reads
the metadata of every installed package, a fifth of a cold run on a council-sized plan.
"""

import gc
import os


def main() -> None:
    """Run the command line (``csip.cli.main``) with the garbage collector off."""
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from csip.cli import main as run

    run()


if __name__ == "__main__":
    main()
