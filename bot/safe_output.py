"""Writing output files (exports, chart PNGs) without ever destroying something else.

:func:`atomic_write` is the one way layoffbot writes a file a user named.  Checks, in order
(:func:`safe_output_path`):

1. the name must name a file: not empty, not a directory;
2. symbolic links are followed to the file they name (that file is what gets replaced; the
   link stays);
3. an existing target must be a regular file: never a device (``/dev/null``, ``/dev/full``),
   a pipe or a socket;
4. the target must not be one of the ``protect`` files, compared by identity (same device and
   inode, so hard links and other spellings count): the open database and its ``-wal``,
   ``-shm`` and ``-journal`` companions.

Then the content goes to a temporary file in the target's directory, is flushed to disk and
renamed over the target: a failure half-way (disk full, kill) leaves the old file whole and no
partial new one.  A refusal raises :class:`UnsafeOutputError` (an ``OSError``) naming the path
and the reason; nothing is written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

__all__ = ["UnsafeOutputError", "atomic_write", "database_files", "safe_output_path"]

#: Files SQLite keeps next to a database ``x.db``: ``x.db-wal``, ``x.db-shm``, ``x.db-journal``.
_DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class UnsafeOutputError(OSError):
    """Writing to ``path`` was refused because of ``reason``; nothing was written."""

    def __init__(self, path: os.PathLike[str] | str, reason: str) -> None:
        super().__init__(f"refusing to write {str(path) or repr(str(path))}: {reason}")
        self.path = str(path)
        self.reason = reason


def database_files(db_path: os.PathLike[str] | str | None) -> list[Path]:
    """The database file and its SQLite companions, to pass as ``protect``."""
    if db_path is None or str(db_path) == ":memory:":
        return []
    return [Path(f"{db_path}{suffix}") for suffix in _DATABASE_COMPANIONS]


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist
        return os.path.realpath(first) == os.path.realpath(second)


def safe_output_path(path: os.PathLike[str] | str, protect: Iterable[os.PathLike[str] | str] = ()) -> Path:
    """The file that writing to ``path`` would replace, after the checks of the module docstring."""
    raw = os.fspath(path)
    if not raw or raw.endswith(os.sep) or Path(raw).name in ("", ".", ".."):
        raise UnsafeOutputError(raw, "not a file name")
    target = Path(os.path.realpath(raw))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UnsafeOutputError(raw, "it is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        raise UnsafeOutputError(raw, "not a regular file (a device, pipe or socket)")
    for guarded in protect:
        if _same_file(target, Path(guarded)):
            raise UnsafeOutputError(raw, f"it is the open database ({guarded})")
    return target


def _new_file_mode(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)  # keep an existing file's permissions
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(
    path: os.PathLike[str] | str,
    content: bytes | str | Callable[[IO[str]], None],
    *,
    protect: Iterable[os.PathLike[str] | str] = (),
    encoding: str = "utf-8",
) -> Path:
    """Replace ``path`` with ``content`` (bytes, text, or a function writing text to a handle
    opened with ``newline=""`` as the csv module wants) all at once; returns the file written."""
    target = safe_output_path(path, protect)
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        exc.filename = str(target)  # the temporary file's name would only confuse
        raise
    try:
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as binary:
                binary.write(content)
                binary.flush()
                os.fsync(binary.fileno())
        else:
            with os.fdopen(fd, "w", encoding=encoding, newline="") as text:
                if isinstance(content, str):
                    text.write(content)
                else:
                    content(text)
                text.flush()
                os.fsync(text.fileno())
        os.chmod(temporary, _new_file_mode(target))
        os.replace(temporary, target)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(target)  # "disk full" alone does not say which file
        raise
    return target
