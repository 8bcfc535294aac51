"""Writing what csip makes: a report to a file, or the reports site as a folder.

Both are written whole or not at all. A report goes to a temporary file beside its name and is
moved into place with one rename; the site is written into a staging folder and swapped in with
two renames. Files get the permissions the umask gives, as any other program's would.

What the command line names is checked first: never a file or folder of the plan, never through
a symbolic link, and never a device replaced by a file (``--output /dev/null`` writes to the
device). A build replaces only a folder whose record of what csip wrote (the manifest in its
marker file) still matches it, so a planted or empty marker licenses nothing; builds into one
folder take turns through a lock beside it.

Leftovers of a run that was killed (csip's temporary files and staging folders, named with its
``.csip-`` prefix) are cleared by the next run; a build killed between its two renames is put
back by the next one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import stat
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

MARKER = ".csip-build"
"""The file in a built folder that records what csip wrote there: every file with its hash."""
MARKER_ABOUT = (
    "This folder was made by 'csip build', which replaces it whole on every run. "
    "Do not keep other files here: a folder holding files csip did not write is never replaced."
)
STALE_AFTER = 60.0
"""Seconds after which a temporary file that no running csip holds is a leftover to clear."""
_TAG = ".csip-"
_SHOWN_NAMES = 3
"""How many of the files that stop a build a message names."""


class OutputRefused(Exception):
    """What the command line names cannot be written safely: a usage error, nothing written."""


class FolderRefused(Exception):
    """The output folder holds what csip did not write, so it is not replaced; nothing written."""


# --- one file ----------------------------------------------------------------------------------


def write_whole(path: Path, text: str | bytes, *, plan: Path | None = None) -> None:
    """Write ``text`` (UTF-8) or bytes (a workbook, a PDF) to ``path`` whole or not at all.

    A file that exists keeps its permissions; a new one gets those the umask gives.

    A device or a named pipe (``/dev/null``, ``/dev/stdout`` on a terminal) is written to as it
    is, since it cannot be replaced; a regular file is replaced by one rename. Refused (with
    ``OutputRefused``): a folder, a symbolic link to anything but a device, and any path in the
    folder ``plan``.
    """
    found = _writable(path, plan)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if found is not None and _is_device(found.st_mode):
        with path.open("wb") as stream:
            stream.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale_files(path)
    temporary = _staged(path, data)
    try:
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _writable(path: Path, plan: Path | None) -> os.stat_result | None:
    """What is at ``path`` now (None: nothing), once it is known that csip may write there:
    outside the folder ``plan``, not a folder, not a link except to a device."""
    _outside_plan(path, plan)
    found = _lstat(path)
    if found is not None and stat.S_ISLNK(found.st_mode):
        target = _stat(path)
        if target is None or not _is_device(target.st_mode):
            raise OutputRefused(
                f"'{path}' is a symbolic link: csip does not write through links; remove it or "
                "give another file"
            )
        found = target
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise OutputRefused(f"'{path}' is a folder: give a file to write the report to")
    return found


def _is_device(mode: int) -> bool:
    """A character or block device, a named pipe or a socket: written to, never replaced."""
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _beside(path: Path, kind: str) -> Path:
    """A new name beside ``path`` for csip's own copy of it: ``.tmp`` while it is written,
    ``.old`` for the file it replaces while a set of files is renamed into place."""
    return path.with_name(f".{path.name}{_TAG}{secrets.token_hex(4)}.{kind}")


def _copies_beside(path: Path, kind: str) -> list[os.DirEntry[str]]:
    """The files ``_beside`` named for ``path`` that are still there (left by a killed run)."""
    start, end = f".{path.name}{_TAG}", f".{kind}"
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    found = []
    for entry in entries:
        if entry.name.startswith(start) and entry.name.endswith(end):
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    found.append(entry)
    return found


def _clear_stale_files(path: Path) -> None:
    """Remove temporary files of ``path`` left by runs that were killed while writing it."""
    now = time.time()
    for entry in _copies_beside(path, "tmp"):
        with contextlib.suppress(OSError):
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue
            if _unlocked(entry.path):
                Path(entry.path).unlink()


def _unlocked(path: str) -> bool:
    """Whether no running csip holds the lock on a temporary file (its writer has gone)."""
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(handle)
    return True


def unwritable(error: OSError, what: str) -> str:
    """Why ``error`` kept csip from writing, naming the file, else ``what`` it was writing."""
    where = f"'{error.filename}'" if error.filename else what
    return f"cannot write {where}: {error.strerror or error}"


# --- plan files --------------------------------------------------------------------------------


class PlanChanged(Exception):
    """A plan file changed between csip reading it and writing it: nothing written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"'{path}' changed while csip was editing the plan")
        self.path = path


@contextlib.contextmanager
def plan_edit_lock(directory: Path) -> Iterator[None]:
    """Hold the plan folder's lock for the block: edits of one plan (``csip update``, ``csip
    import``) take turns from reading the plan to writing it, so that two never both decide
    from the same files (two new priority 11s, say). The lock is on the folder itself, so that
    nothing is written in the plan for it; a folder that cannot be opened is no plan, which the
    reading says."""
    try:
        folder = _open_folder(directory)
    except OSError:
        yield
        return
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)


def _open_folder(directory: Path) -> int:
    return os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def edit_plan_files(
    directory: Path, changes: Mapping[Path, bytes], read: Mapping[Path, bytes | None]
) -> None:
    """Write every changed file of the plan in ``directory``, or none of them (under
    ``plan_edit_lock``).

    ``read`` gives each file's bytes as the edit found them (None: a new file, which must not
    exist yet). A file that is no longer what the edit read (an editor changed it meanwhile) is
    ``PlanChanged``, and one that is not a regular file csip may replace (a link, a read-only
    file) is ``OutputRefused``, both before anything is written. Each file is first written
    beside itself; only when all are written are they renamed into place, and a rename that
    fails puts back the files already replaced.
    """
    for path in changes:
        _clear_stale_files(path)
        _clear_backups_of(path)
        _check_unchanged(path, read.get(path))
    _write_staged(changes)
    with contextlib.suppress(OSError):
        folder = _open_folder(directory)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def write_all(files: Mapping[Path, bytes], *, plan: Path | None = None) -> None:
    """Write every file (a lead's return each, say), or none of them.

    Each is refused as ``write_whole`` refuses a path (and a device too: a set of files is
    made for keeping), before any is written; then each is written beside its place, and only
    when all are written are they renamed into place, as ``edit_plan_files`` does.
    """
    for path in files:
        folder = _stat(path.parent)
        if folder is not None and not stat.S_ISDIR(folder.st_mode):
            raise OutputRefused(f"'{path.parent}' is a file: give a folder to write the files into")
        found = _writable(path, plan)
        if found is not None and not stat.S_ISREG(found.st_mode):
            raise OutputRefused(f"'{path}' is not a file: give a folder to write the files into")
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
    _write_staged(files)


def _write_staged(files: Mapping[Path, bytes]) -> None:
    """Each file written beside its place, then all renamed into place (``_rename_all``)."""
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            staged[path] = _staged(path, data)
        _rename_all(staged)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)


def _clear_backups_of(path: Path) -> None:
    """Remove the backups of ``path`` that an edit killed while renaming left, where the file
    is still what the backup holds (it was not yet replaced). A backup of a file that was
    replaced is the file as it was before the edit, and is kept for its owner to look at."""
    for entry in _copies_beside(path, "old"):
        with contextlib.suppress(OSError):
            if path.samefile(entry.path):
                Path(entry.path).unlink()


def _check_unchanged(path: Path, expected: bytes | None) -> None:
    found = _lstat(path)
    if expected is None:
        if found is not None:
            raise PlanChanged(path)
        return
    if found is not None and stat.S_ISLNK(found.st_mode):
        raise OutputRefused(
            f"'{path}' is a symbolic link: csip does not write through links, so it cannot "
            "add to it; put the file itself in the plan folder"
        )
    if found is None or not stat.S_ISREG(found.st_mode):
        raise PlanChanged(path)
    if not os.access(path, os.W_OK):
        raise OutputRefused(f"'{path}' is read-only: csip does not change a file made read-only")
    if path.read_bytes() != expected:
        raise PlanChanged(path)


def _staged(path: Path, data: bytes) -> Path:
    """``data`` written and synced to a new file beside ``path``, with ``path``'s permissions."""
    temporary = _beside(path, "tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    except OSError as error:  # named by the file it was for, not the temporary one
        raise OSError(error.errno, error.strerror, str(path)) from error
    try:
        # Held while writing: a run that finds this file unlocked knows its writer is gone.
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        found = _stat(path)
        if found is not None:
            os.fchmod(handle, stat.S_IMODE(found.st_mode))
            with contextlib.suppress(OSError):  # only the owner's own, or root, may keep it
                os.fchown(handle, found.st_uid, found.st_gid)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.fsync(handle)
    except BaseException as error:
        os.close(handle)
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    os.close(handle)
    return temporary


def _rename_all(staged: Mapping[Path, Path]) -> None:
    """Rename each staged file over its path; on a failure, put back those already replaced."""
    kept: dict[Path, Path | None] = {}
    try:
        for path, temporary in staged.items():
            backup = None
            if path.exists():
                backup = _beside(path, "old")
                os.link(path, backup)
            kept[path] = backup
            temporary.replace(path)
    except BaseException:
        for path, backup in kept.items():
            with contextlib.suppress(OSError):
                if backup is None:
                    path.unlink(missing_ok=True)
                else:
                    backup.replace(path)
        raise
    finally:
        for backup in kept.values():
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink(missing_ok=True)


# --- the site folder ---------------------------------------------------------------------------


def write_site(out: Path, files: Mapping[str, str | bytes], *, plan: Path | None = None) -> None:
    """Put ``files`` (path in the folder → text) in place as the folder ``out``, whole or not at
    all, with the marker that records them.

    An existing ``out`` is replaced only when it is empty or holds exactly what an earlier build
    recorded in its marker (files deleted since are no matter); otherwise ``FolderRefused``.
    """
    _outside_plan(out, plan)
    if plan is not None and _inside(plan.resolve(), out.resolve()):
        raise OutputRefused(f"'{out}' holds the plan folder '{plan}': give a folder outside it")
    found = _lstat(out)
    if found is not None and stat.S_ISLNK(found.st_mode):
        raise OutputRefused(f"'{out}' is a symbolic link: give the folder itself with --out")
    # The real folder, so that "." and "build/.." have a name.
    place = out.resolve()
    place.parent.mkdir(parents=True, exist_ok=True)
    staging = place.with_name(f".{place.name}{_TAG}new")
    old = place.with_name(f".{place.name}{_TAG}old")
    with _locked(place.with_name(f".{place.name}{_TAG}lock")):
        _recover(place, staging, old)
        _check_replaceable(out, place)
        try:
            staging.mkdir()
            manifest = {}
            for name, text in files.items():
                path = staging / name
                path.parent.mkdir(parents=True, exist_ok=True)
                data = text if isinstance(text, bytes) else text.encode("utf-8")
                path.write_bytes(data)
                manifest[name] = hashlib.sha256(data).hexdigest()
            marker = {"about": MARKER_ABOUT, "files": manifest}
            (staging / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
            _swap(staging, place, old)
        except BaseException:
            _remove(staging)
            raise


def _swap(staging: Path, out: Path, old: Path) -> None:
    """Move ``staging`` to ``out``; an existing ``out`` is set aside first and put back on error.

    A run killed between the two renames leaves ``old`` and no ``out``: ``_recover`` puts it back.
    """
    if not out.exists():
        staging.rename(out)
        return
    try:
        out.rename(old)
        staging.rename(out)
    except BaseException:
        # Stopped (a failure, Ctrl-C, SIGTERM) between or during the renames: the old folder
        # goes back unless the new one is already in place, as the files on disk say.
        if _lstat(staging) is not None and _lstat(old) is not None and _lstat(out) is None:
            old.rename(out)
        elif _lstat(staging) is None:
            with contextlib.suppress(OSError):
                _remove(old)
        raise
    # The new folder is in place; an old one that will not go is cleared by the next run.
    with contextlib.suppress(OSError):
        _remove(old)


def _recover(place: Path, staging: Path, old: Path) -> None:
    """Undo what a killed build left: its folder set aside and not yet replaced, its staging."""
    if _lstat(old) is not None:
        if _lstat(place) is None and old.is_dir() and not old.is_symlink():
            old.rename(place)
        else:
            _remove(old)
    if _lstat(staging) is not None:
        _remove(staging)


def _remove(path: Path) -> None:
    """Delete a leftover of csip's: a folder whole, a file or link as itself."""
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _check_replaceable(out: Path, place: Path) -> None:
    """Refuse to replace a folder unless it is empty or csip's record of it still holds."""
    found = _lstat(place)
    if found is None:
        return
    if not stat.S_ISDIR(found.st_mode):
        raise OutputRefused(f"'{out}' is a file: give a folder to write the files into")
    if not any(place.iterdir()):
        return
    recorded = _manifest(place)
    if recorded is None:
        raise FolderRefused(
            f"'{out}' is a folder that csip build did not make; it would be replaced whole, so "
            "give an empty or new folder with --out"
        )
    unexpected = [
        name
        for name in _files_in(place)
        if name != MARKER and not _as_recorded(place, name, recorded)
    ]
    if unexpected:
        named = ", ".join(f"'{name}'" for name in unexpected[:_SHOWN_NAMES])
        more = len(unexpected) - _SHOWN_NAMES
        if more > 0:
            named += f" and {more} more"
        raise FolderRefused(
            f"'{out}' holds files that csip build did not write or that were changed since "
            f"({named}); it would be replaced whole, so move them or give another folder with "
            "--out"
        )


def _manifest(folder: Path) -> dict[str, str] | None:
    """The files and hashes the folder's marker records, or None when it records none."""
    marker = folder / MARKER
    found = _lstat(marker)
    if found is None or not stat.S_ISREG(found.st_mode) or found.st_size > 2**24:
        return None
    try:
        recorded = json.loads(marker.read_bytes())
    except (OSError, ValueError):
        return None
    files = recorded.get("files") if isinstance(recorded, dict) else None
    if not isinstance(files, dict) or not files:
        return None
    if not all(isinstance(name, str) and isinstance(digest, str) for name, digest in files.items()):
        return None
    return files


def _files_in(folder: Path) -> Iterator[str]:
    """Every entry below ``folder`` that is not a folder (links included), as a path in it."""
    for directory, folders, names in os.walk(folder):
        here = Path(directory)
        linked = [name for name in folders if (here / name).is_symlink()]
        for name in sorted(names + linked):
            yield (here / name).relative_to(folder).as_posix()


def _as_recorded(folder: Path, name: str, recorded: dict[str, str]) -> bool:
    """Whether a file is one the marker records, as it was written."""
    digest = recorded.get(name)
    if digest is None:
        return False
    try:
        # Not blocking: a named pipe planted in the folder must not stop the build.
        handle = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return False
        return hashlib.file_digest(stream, "sha256").hexdigest() == digest


@contextlib.contextmanager
def _locked(lock: Path) -> Iterator[None]:
    """Hold the lock file ``lock`` for the block: builds into one folder take turns.

    The file is removed on release. A run that got the lock on a file just removed (the path
    no longer names what it locked) tries again, so two runs never both hold it.
    """
    while True:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            held, named = os.fstat(handle), _lstat(lock)
        except BaseException:
            os.close(handle)
            raise
        if named is not None and (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
            break
        os.close(handle)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
        os.close(handle)


# --- shared -----------------------------------------------------------------------------------


def _outside_plan(path: Path, plan: Path | None) -> None:
    """Refuse a path that is the plan folder or lies in it: output never overwrites the plan."""
    if plan is None:
        return
    where, folder = path.resolve(), plan.resolve()
    if where == folder:
        raise OutputRefused(f"'{path}' is the plan folder: write reports outside the plan")
    if folder in where.parents:
        raise OutputRefused(
            f"'{path}' is in the plan folder '{plan}': write reports outside the plan"
        )


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ENOTDIR:
            return None
        raise


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
