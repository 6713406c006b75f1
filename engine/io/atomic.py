"""Writing files so that nothing is ever lost: atomic replacement, no silent overwrite.

Every file critmin writes (saved scenarios, exported results, session history) goes through
:func:`atomic_write_text` or :func:`atomic_write_bytes`:

- the data goes to a temporary file in the target's directory (same file system), is flushed
  and fsynced, and only then takes the target's name, so a reader sees the old file or the
  new one, never a half-written one, and a crash or full disk leaves the old file intact;
- an existing file is replaced only with ``overwrite=True``; without it the final step is a
  hard link, which fails if another writer created the name in the meantime, so two writers
  can never both believe they created the file;
- whatever fails, the temporary file is removed and the error is a :class:`FileWriteError`
  naming the file;
- a new file gets the usual permissions (0666 less the umask); a replaced file keeps its mode.
  A symbolic link at the target is replaced by the new file; the file it pointed to is left
  untouched.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from critmin.errors import FileWriteError, Problem
from critmin.io.yaml_reader import checked_path

# link() is not supported everywhere (some network and FUSE file systems, FAT)
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


def atomic_write_text(path: str | os.PathLike, text: str, overwrite: bool = False,
                      encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; refuse to replace a file unless ``overwrite``."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise FileWriteError(Problem(f"the text cannot be written as {encoding}: {exc.reason} "
                                     f"at character {exc.start}", file=str(path))) from None
    return atomic_write_bytes(path, data, overwrite)


def atomic_write_bytes(path: str | os.PathLike, data: bytes, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; refuse to replace a file unless ``overwrite``."""
    path = checked_path(path, FileWriteError)
    directory = path.parent
    if not directory.is_dir():
        raise FileWriteError(Problem("no such directory", file=str(directory)))
    exists, mode = _existing(path)
    if exists and not overwrite:
        raise FileWriteError(Problem("the file exists; not overwritten (replace it with "
                                     "--overwrite, or overwrite=True in Python)", file=str(path)))
    temp = directory / f".{path.name[:200]}.{secrets.token_hex(6)}.tmp"
    try:
        write_temp(temp, data, mode)
        if overwrite:
            os.replace(temp, path)
        else:
            link_new(temp, path)
        sync_directory(directory)
    except OSError as exc:
        raise FileWriteError(Problem(f"cannot write: {exc.strerror or exc}", file=str(path))) from None
    finally:
        remove_file(temp)
    return path


def _existing(path: Path) -> tuple[bool, int | None]:
    """Whether something has this name, and the mode to keep (a regular file's)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False, None
    except OSError as exc:
        raise FileWriteError(Problem(f"cannot check the file: {exc.strerror or exc}",
                                     file=str(path))) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileWriteError(Problem("a directory has this name", file=str(path)))
    return True, stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def write_temp(temp: Path, data: bytes, mode: int | None) -> None:
    """A new file ``temp`` holding ``data``, flushed to disk, with ``mode`` if given."""
    # O_EXCL: never follow or reuse an existing name; 0o666 lets the umask decide for new files
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    if mode is not None:
        os.chmod(temp, mode)


def link_new(temp: Path, path: Path) -> None:
    """Give ``temp`` the name ``path`` only if nothing has that name (atomically)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise FileWriteError(Problem("the file was created by someone else meanwhile; not "
                                     "overwritten", file=str(path))) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(path):  # no hard links here: check, then rename (a small race)
            raise FileWriteError(Problem("the file exists; not overwritten", file=str(path))) from None
        os.replace(temp, path)


def sync_directory(directory: Path) -> None:
    """Make the new name durable (best effort: not every system can fsync a directory)."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def remove_file(temp: Path) -> None:
    """Remove ``temp`` if it is there."""
    try:
        os.unlink(temp)
    except FileNotFoundError:
        pass
