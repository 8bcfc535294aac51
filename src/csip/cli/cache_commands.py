"""``csip cache``: the cache of what each plan file gave, which makes an unchanged plan quick."""

from __future__ import annotations

import typer

from csip.cli.shared import app

cache_app = typer.Typer(
    name="cache",
    help=(
        "The cache of what each plan file gave on its own, kept in the user's cache folder "
        "($CSIP_CACHE_DIR, else $XDG_CACHE_HOME/csip, else ~/.cache/csip). It never changes "
        "what csip prints; `csip --no-cache COMMAND` runs without it.\n\n"
        "Example: csip cache clear"
    ),
    no_args_is_help=True,
)
app.add_typer(cache_app)


@cache_app.command()
def clear() -> None:
    """Remove every entry of the cache.

    Example: csip cache clear
    """
    from csip.load.cache import clear as clear_entries
    from csip.load.cache import default_directory
    from csip.words import plural

    directory = default_directory()
    removed = clear_entries(directory)
    typer.echo(f"{directory}: removed {plural(removed, 'cache entry', 'cache entries')}")
