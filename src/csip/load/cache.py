"""A content-keyed cache of what each plan file derives, so that an unchanged plan loads at once.

An entry holds what one file gave on its own — its records once validated, its own problems
already placed at their lines; its position table, and a priority file's records, are entries
of their own (``plan_folder``) — as plain data written with marshal, so that a hit rebuilds
the records without importing pydantic or a YAML parser. The key is a hash of everything that
result depends on: the file's bytes, what kind of file it is, csip's own code,
the version of Python and the installed copies of pydantic and PyYAML/libyaml. Whatever depends
on other files or on the date (the cross-file checks, an update after today) is never stored:
it is worked out again on every run, so a run from the cache prints exactly what a run without
it does.

An entry that is damaged (its CRC-32 does not match), truncated, of another format, stored
under another key (each entry holds its own), not a regular file (a link or a FIFO is neither
followed nor waited on), larger than any csip writes, or not shaped as csip writes them is a
miss, and the file is read again; entries are written to a temporary file and renamed into
place, so concurrent runs never see half an entry; any error reading or writing the cache only
makes the run slower. The CRC finds damage, not forgery: an entry whose header, CRC and key
match is taken as csip wrote it, since whoever can write the user's cache folder can as well
write their shell's start-up files. It lives in the user's own cache folder
(``$XDG_CACHE_HOME/csip``, else ``~/.cache/csip``; ``CSIP_CACHE_DIR`` overrides both), made
readable by the user alone, and never in the plan folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import stat
import sys
import time
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import csip

# Bumped whenever the layout of an entry changes.
FORMAT = 7
_MAGIC = b"csip-cache\x00\x00" + FORMAT.to_bytes(4, "big")
_CHECK = 4  # the CRC-32 of the payload, which finds a damaged entry (not a forged one)
# The largest entry read: a plan file is at most 8 MB, and what it gives takes less.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
"""How csip opens a file it reads, a plan file or an entry: without waiting on a FIFO and
without following a link, which the type of the open file is then checked against."""
# Entries unused for this long are removed, at most once a day, when a new entry is written.
KEEP_UNUSED_DAYS = 30
_PRUNED_STAMP = "last-pruned"


def default_directory() -> Path:
    """Where the cache lives: ``CSIP_CACHE_DIR``, else ``$XDG_CACHE_HOME/csip``, else ~/.cache."""
    chosen = os.environ.get("CSIP_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if base and Path(base).is_absolute():  # the XDG spec says to ignore a relative path
        return Path(base) / "csip"
    return Path.home() / ".cache" / "csip"


@cache
def code_fingerprint() -> str | None:
    """A hash of csip's own code and of the libraries a file's result depends on.

    Code is known as Python's own import system knows a source file, by its size and
    modification time, not by reading it: every module of csip (a change to one in a checkout
    or a reinstall rewrites it), and the installed files of pydantic, pydantic-core and PyYAML
    with libyaml, which a plan read from the cache does not import. None when csip's own
    sources cannot be listed: then nothing may be cached, since a changed csip could not be
    told from this one.
    """
    digest = hashlib.sha256()
    for part in (str(FORMAT), csip.__version__, sys.version):
        digest.update(part.encode() + b"\0")
    for library in _LIBRARIES:
        digest.update(_installed(library).encode() + b"\0")
    sources = _stamps(str(Path(csip.__file__).parent), deep=True)
    if sources is None:
        return None
    digest.update("\n".join(sources).encode())
    return digest.hexdigest()


# What a file's result depends on besides csip: the validator and the parser.
_LIBRARIES = ("pydantic", "pydantic_core", "yaml")


def _installed(name: str) -> str:
    """Which copy of a library is installed: where, and its files' names, sizes and times
    (an upgrade or a reinstall rewrites them), found without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return f"{name}: none"
    stamps = [name]
    for folder in spec.submodule_search_locations:
        stamps.append(folder)
        stamps.extend(_stamps(folder, deep=False) or [])
    return "\n".join(stamps)


def _stamps(folder: str, *, deep: bool) -> list[str] | None:
    """``name:size:mtime`` of each file in ``folder`` (and, if ``deep``, of each ``.py`` file
    below it), in order of name; None when the folder cannot be listed or holds no file."""
    stamps: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return None
    for entry in entries:
        with contextlib.suppress(OSError):
            if deep and entry.is_dir(follow_symlinks=False):
                below = _stamps(entry.path, deep=True) or []
                stamps.extend(f"{entry.name}/{stamp}" for stamp in below)
            elif not deep or entry.name.endswith(".py"):
                status = entry.stat(follow_symlinks=False)
                stamps.append(f"{entry.name}:{status.st_size}:{status.st_mtime_ns}")
    return stamps or None


class Cache:
    """Entries in one folder, by key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._pruned = False

    @classmethod
    def open(cls, plan_directory: Path | None = None) -> Cache | None:
        """The user's cache, or None when there can be none (csip's code unreadable, or the
        chosen folder inside the plan folder, which must never hold csip's own files)."""
        if code_fingerprint() is None:
            return None
        directory = default_directory()
        if plan_directory is not None:
            with contextlib.suppress(OSError, ValueError):
                plan = plan_directory.resolve()
                here = directory.resolve()
                if here == plan or plan in here.parents:
                    return None
        return cls(directory)

    def key(self, kind: str, content: bytes) -> str:
        """The key of what a file of this kind and these bytes derives."""
        digest = hashlib.sha256(f"{code_fingerprint()}\0{kind}\0".encode())
        digest.update(content)
        return digest.hexdigest()

    @staticmethod
    def is_key(text: str) -> bool:
        """Whether ``text`` is a key as ``key`` makes them (an entry may name another)."""
        return _is_hex(text, 64)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key[2:]

    def load(self, key: str) -> Any:
        """The value stored under ``key``, or None on a miss (absent, corrupt or foreign)."""
        stored = _read_entry(self._path(key))
        if stored is None:
            return None
        head = len(_MAGIC) + _CHECK
        if len(stored) < head or not stored.startswith(_MAGIC):
            return None
        payload = memoryview(stored)[head:]
        if zlib.crc32(payload).to_bytes(_CHECK, "big") != stored[len(_MAGIC) : head]:
            return None
        try:
            stored_key, value = marshal.loads(payload)
        except (EOFError, ValueError, TypeError, MemoryError):
            return None
        if stored_key != key:
            return None  # an entry copied or moved from under another key
        self.touch(key)
        return value

    def touch(self, key: str) -> None:
        """Mark the entry under ``key`` used, so that it is kept when unused entries are pruned
        (a hit marks its own; an entry read only when asked for is marked with the one that
        names it)."""
        with contextlib.suppress(OSError):
            os.utime(self._path(key))

    def store(self, key: str, value: Any) -> None:
        """Write ``value`` under ``key``, whole or not at all; failing only loses the speed."""
        try:
            payload = marshal.dumps((key, value), 4)
        except ValueError:
            return  # not plain data: nothing to store
        import tempfile  # only a run that writes an entry needs it

        path = self._path(key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.parent.mkdir(exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC)
                out.write(zlib.crc32(payload).to_bytes(_CHECK, "big"))
                out.write(payload)
            Path(temporary).replace(path)
        except OSError:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
            return
        self._prune()

    def _prune(self) -> None:
        """Remove entries unused for KEEP_UNUSED_DAYS, at most once a day and once a run."""
        if self._pruned:
            return
        self._pruned = True
        stamp = self.directory / _PRUNED_STAMP
        now = time.time()
        try:
            if now - stamp.stat().st_mtime < 24 * 3600:
                return
        except OSError:
            pass
        with contextlib.suppress(OSError):
            stamp.touch(mode=0o600)
        _remove_entries(self.directory, older_than=now - KEEP_UNUSED_DAYS * 24 * 3600)


def _read_entry(path: Path) -> bytes | None:
    """The bytes of an entry's file; None when there is no regular file of at most
    MAX_ENTRY_BYTES there (a link, a FIFO or a device is neither followed nor waited on)."""
    try:
        descriptor = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            return None  # a folder opens too, but is no entry
        stored = os.read(descriptor, status.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return stored if len(stored) == status.st_size else None  # not one that grew meanwhile


def clear(directory: Path) -> int:
    """Remove every entry (and any temporary file left by a killed run); how many were removed."""
    return _remove_entries(directory, older_than=None)


def _remove_entries(directory: Path, older_than: float | None) -> int:
    """Remove csip's entries (and temporary files) last used before ``older_than``, or all.

    Only what csip wrote is touched: files named by a key (or a temporary file's prefix) in
    folders named by its first two digits, that start as an entry does, so a cache folder set
    by mistake to one that holds other files loses none of them.
    """
    removed = 0
    try:
        folders = [entry for entry in os.scandir(directory) if _is_hex(entry.name, 2)]
    except OSError:
        return 0
    for folder in folders:
        if not folder.is_dir(follow_symlinks=False):
            continue
        try:
            entries = list(os.scandir(folder.path))
        except OSError:
            continue
        for entry in entries:
            temporary = entry.name.startswith(".tmp-")
            if not (temporary or _is_hex(entry.name, 62)):
                continue
            try:
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(status.st_mode) and not temporary:
                    Path(entry.path).rmdir()  # only when empty: in the way of an entry
                    continue
                if not stat.S_ISREG(status.st_mode):
                    continue
                if older_than is not None and status.st_mtime >= older_than:
                    continue
                with Path(entry.path).open("rb") as handle:
                    head = handle.read(len(_MAGIC))
                if head != _MAGIC and not (temporary and _MAGIC.startswith(head)):
                    continue
                Path(entry.path).unlink()
                removed += 0 if temporary else 1
            except OSError:
                continue
        with contextlib.suppress(OSError):
            Path(folder.path).rmdir()  # only when empty
    if older_than is None:
        with contextlib.suppress(OSError):
            (directory / _PRUNED_STAMP).unlink()
    return removed


def _is_hex(name: str, length: int) -> bool:
    return len(name) == length and all(char in "0123456789abcdef" for char in name)
