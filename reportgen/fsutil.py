"""File helpers: every file reportgen writes is written atomically."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The folder that holds reportgen's caches.

    ``$REPORTGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportgen``, else ``~/.cache/reportgen``.
    """
    explicit = os.environ.get("REPORTGEN_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "reportgen"


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    A reader (or an interrupted run) sees either the old file whole or the new one
    whole, never a half-written file.  The file keeps the mode of the file it
    replaces.
    """
    import tempfile  # here: most runs never write, and tempfile's import is not free

    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_if_changed(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8") -> bool:
    """Atomically write ``data`` unless the file already holds exactly it.

    Returns True when the file was written.
    """
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        if target.read_bytes() == payload:
            return False
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        pass
    atomic_write(target, payload)
    return True
