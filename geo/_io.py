"""File writing that never leaves half a file behind, and never writes over its input.

Regular files are written through a temporary file in the same folder and renamed into
place, so readers see the old file or the new one. Devices, pipes and terminals
(``/dev/stdout``, ``/dev/null``, ``/dev/full``) are written in place: renaming onto them would
replace the device itself. Every failure is an :class:`~geo.errors.OutputError` with one line
naming the path and the reason.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from geo.errors import OutputError

__all__ = ["refuse_to_overwrite", "write_bytes_atomic", "write_chunks_atomic", "write_text_atomic"]


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path``: atomically for files, in place for devices and pipes.

    On any error the temporary file is removed, ``path`` is untouched and an
    :class:`~geo.errors.OutputError` says why. A symbolic link keeps pointing where it did:
    the file it points to is replaced. A file that exists keeps its permissions.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_text_atomic(folder / "a.txt", "hi").read_text()
    'hi'
    >>> write_text_atomic(folder, "hi")
    Traceback (most recent call last):
    geo.errors.OutputError: ...: is a folder; give the name of a file to write
    """
    return write_chunks_atomic(path, [data])


def write_chunks_atomic(path: str | os.PathLike[str], chunks: Iterable[str | bytes]) -> Path:
    """Write ``chunks`` (text as UTF-8, or bytes) one after another; see
    :func:`write_bytes_atomic`.

    The content never has to be in memory at once: a generator of chunks streams into the
    temporary file. If the generator raises, nothing is written to ``path``.
    """
    display = os.fspath(path)
    target = Path(path)
    try:
        info: os.stat_result | None = target.stat()  # follows links
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise OutputError(f"{display}: cannot write ({_reason(e)})") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{display}: is a folder; give the name of a file to write")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(target, chunks, display)
        return target
    if target.is_symlink():
        target = target.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise OutputError(f"{display}: cannot write in {target.parent} ({_reason(e)})") from None
    try:
        # mkstemp creates the file as 0600; give it the mode of the file it replaces, or the
        # one a plain open() would (0666 less the umask), so a web server can serve a map.
        if info is not None:
            mode = stat.S_IMODE(info.st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, chunks)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise OutputError(f"{display}: cannot write ({_reason(e)})") from None
    except BaseException:  # KeyboardInterrupt too: leave no temporary file behind
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def _write_all(fh: BinaryIO, chunks: Iterable[str | bytes]) -> None:
    for chunk in chunks:
        fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)


def _write_in_place(target: Path, chunks: Iterable[str | bytes], display: str) -> None:
    try:
        with open(target, "wb") as fh:
            _write_all(fh, chunks)
            fh.flush()
    except OSError as e:
        raise OutputError(f"{display}: cannot write ({_reason(e)})") from None


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text``; see :func:`write_bytes_atomic`."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def refuse_to_overwrite(out: str | os.PathLike[str] | None,
                        inputs: Iterable[str | os.PathLike[str] | None], option: str) -> None:
    """Raise :class:`~geo.errors.OutputError` when ``out`` is one of the ``inputs`` files.

    >>> refuse_to_overwrite("geo/_io.py", ["geo/../geo/_io.py"], "--out")
    Traceback (most recent call last):
    geo.errors.OutputError: geo/_io.py: is also the input file; writing there would ...
    """
    if out is None:
        return
    for source in inputs:
        if source is None:
            continue
        try:
            same = os.path.samefile(out, source)
        except OSError:  # one of them does not exist (yet): nothing to destroy
            same = False
        if same:
            raise OutputError(f"{os.fspath(out)}: is also the input file; writing there "
                              f"would destroy it (choose another {option})")
