"""Writing files so that a crash never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ._i18n import _, os_error
from .exceptions import RekryteraError

__all__ = ["atomic_write", "atomic_writer", "temporary_files"]

#: Temporary files are named ``.NAME.rekrytera-PID-RANDOM.tmp`` beside their target.
_MARK = "rekrytera"


def temporary_files(path: str | os.PathLike[str]) -> list[Path]:
    """The temporary files of atomic writes to *path* that are still on disk."""
    target = Path(path)
    return sorted(target.parent.glob(f".{glob_escape(target.name)}.{_MARK}-*.tmp"))


def glob_escape(name: str) -> str:
    """*name* with glob's special characters made literal."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _remove_stale(target: Path) -> None:
    """Remove temporary files of *target* left by processes that are gone (killed mid-write)."""
    for tmp in temporary_files(target):
        try:
            pid = int(tmp.name.rsplit(f".{_MARK}-", 1)[1].split("-", 1)[0])
        except (IndexError, ValueError):
            continue
        if pid == os.getpid() or _running(pid):
            continue
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file beside *path*; on success it replaces *path*.

    :raises RekryteraError: when no file can be made beside *path* (a missing
        or read-only folder).

    If the block raises, the temporary file is removed and whatever was at
    *path* before is left untouched. A new file is readable by its owner only
    (recruitment files hold personal data); a replaced file keeps its mode.
    The temporary file is owner-only too, and named
    ``.NAME.rekrytera-PID-RANDOM.tmp``; one left by a process that was killed
    mid-write is removed by the next write to the same path.
    """
    target = Path(path)
    try:
        _remove_stale(target)
        import tempfile  # only when writing: importing it costs every command

        fd, tmp = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.{_MARK}-{os.getpid()}-", suffix=".tmp"
        )
    except OSError as e:
        # A folder that does not exist or may not be written to: the user's to fix.
        raise RekryteraError(
            _("cannot write {destination}: {reason}").format(destination=target, reason=os_error(e))
        ) from None
    try:
        mode = "wb" if binary else "w"
        encoding = None if binary else "utf-8"
        with open(fd, mode, encoding=encoding, newline=None if binary else "\n") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        # Only now, written in full, does it take the mode of the file it replaces.
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write *data* to *path* atomically (temporary file, then ``os.replace``)."""
    with atomic_writer(path, binary=isinstance(data, bytes)) as f:
        f.write(data)
