"""Reading and writing the workspace's files safely.

Reads are bounded: only regular files are opened (a FIFO or a device would hang or never end),
never more than a limit of bytes, and text is checked for nesting depth and number length before
a parser that recurses or converts numbers sees it. Writes are crash-safe: a temporary file in
the same folder, fsynced, then renamed over.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.i18n import Msg

# Generous limits: a 1 MB title, or a catalogue of 10,000 tasks (about 4.4 MB), fit easily.
MAX_DATA_BYTES = 32 * 1024 * 1024  # state files and catalogues
MAX_SETTINGS_BYTES = 1024 * 1024  # ritmas.toml, user.toml
MAX_NESTING = 32  # real files nest 6 deep at most
MAX_DIGITS = 19  # a 64-bit integer; longer numbers are not data Ritmas writes or reads
TEMP_SUFFIX = ".tmp"  # temporary files are ".NAME.<random>.tmp"


class FileReadError(Exception):
    """A file that must not or cannot be read; ``reason`` is short and says why.

    ``kind``: ``unreadable`` (the file system refused), ``not_regular`` (a folder, pipe or
    device), ``too_large``.
    """

    def __init__(self, path: Path, reason: str, kind: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.kind = kind


def read_bounded(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises ``FileNotFoundError`` if there is no such file, :class:`FileReadError` otherwise.
    Opening never blocks (a FIFO with no writer opens at once and is then refused).
    """
    limit = MAX_DATA_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise FileReadError(path, "is a folder, not a file", "not_regular") from None
    except OSError as exc:
        raise FileReadError(path, f"cannot read: {exc.strerror or exc}", "unreadable") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileReadError(path, "is a folder, not a file", "not_regular")
        if not stat.S_ISREG(info.st_mode):
            raise FileReadError(
                path, "not a regular file (a pipe, socket or device); not read", "not_regular"
            )
        if info.st_size > limit:
            raise FileReadError(path, _too_large(info.st_size, limit), "too_large")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise FileReadError(path, _too_large(size, limit), "too_large")
        return b"".join(chunks)
    except OSError as exc:
        raise FileReadError(path, f"cannot read: {exc.strerror or exc}", "unreadable") from None
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    return f"too large ({_megabytes(size)}; the limit is {_megabytes(limit)}), not read"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# ---------------------------------------------------------------------------------------------
# Shape checks, before a parser sees the text: json and tomllib recurse once per nesting level,
# and converting a number of thousands of digits raises (or takes quadratic time).

_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|-?[0-9][0-9.eE+-]*', re.DOTALL)
_TOML_TOKENS = re.compile(
    # One character per step, possessive: an unclosed """ must not backtrack exponentially.
    r'"""(?:[^"\\]|\\.|"(?!""))*+"""'
    r"|'''.*?'''"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}]"
    r"|(?<![A-Za-z0-9_.+-])[+-]?0[xob][0-9a-fA-F_]+"
    r"|(?<![A-Za-z0-9_.+-])[+-]?[0-9][0-9_]*",
    re.DOTALL,
)


class ShapeError(ValueError):
    """Text nested too deep or holding too long a number; ``line`` is where (1-based)."""

    def __init__(self, line: int, message: str, kind: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.kind = kind  # too_deep or too_long


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_LONG_NUMBER = re.compile(rf"[0-9][0-9.eE+-]{{{MAX_DIGITS},}}")


def check_json_shape(text: str) -> None:
    """Raise :class:`ShapeError` if ``text`` nests deeper than :data:`MAX_NESTING` or holds a
    number longer than :data:`MAX_DIGITS` digits.

    First a quick look, in C: the strings blanked out (a ``"`` only ever starts a string token,
    so they are the same strings the token walk finds), no run of number characters long enough
    to hold too many digits, and the brackets alone not nesting too deep. Only a file that fails
    it (nearly never) is walked token by token, to find the line."""
    rest = _JSON_STRING.sub(" ", text)
    if _LONG_NUMBER.search(rest) is None and _max_depth(_NOT_BRACKET.sub("", rest)) <= MAX_NESTING:
        return
    _walk_json_shape(text)


def _max_depth(brackets: str) -> int:
    if len(brackets) <= MAX_NESTING:
        return len(brackets)
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    break
        else:
            depth -= 1
    return deepest


def _walk_json_shape(text: str) -> None:
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if first in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise ShapeError(_line_at(text, match.start()), _too_deep(), "too_deep")
        elif first in "]}":
            depth -= 1
        elif first != '"' and sum(c.isdigit() for c in token) > MAX_DIGITS:
            raise ShapeError(_line_at(text, match.start()), _too_long(), "too_long")


def check_toml_shape(text: str) -> None:
    """The same for TOML: arrays and inline tables nest at most :data:`MAX_NESTING` deep, and
    integers fit in 64 bits (as the TOML specification has them)."""
    depth = 0
    for match in _TOML_TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if first in "\"'#":
            continue
        if first in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise ShapeError(_line_at(text, match.start()), _too_deep(), "too_deep")
        elif first in "]}":
            depth = max(0, depth - 1)
        else:
            digits = token.lstrip("+-").replace("_", "")
            if digits[:2] in ("0x", "0o", "0b"):
                too_long = len(digits) - 2 > 64  # binary is the longest form of a 64-bit int
            else:
                too_long = len(digits) > MAX_DIGITS
            if too_long:
                raise ShapeError(_line_at(text, match.start()), _too_long(), "too_long")


def load_toml(text: str, name: str, error: Callable[[list[str]], Exception]) -> dict[str, Any]:
    """Parse TOML ``text`` within bounds; a problem raises ``error([line])``, the line naming
    ``name`` and the line number."""
    try:
        check_toml_shape(text)
        return tomllib.loads(text)
    except ShapeError as exc:
        limit = MAX_NESTING if exc.kind == "too_deep" else MAX_DIGITS
        what = Msg(f"toml.{exc.kind}", limit=limit)
        raise error([Msg("toml.problem", where=f"{name}:{exc.line}", what=what)]) from None
    except tomllib.TOMLDecodeError as exc:
        where = f"{name}:{_toml_error_line(exc, text)}"
        # The parser's own words stay as it says them (quoted): there is no catalogue of them.
        raise error([Msg("toml.syntax", where=where, detail=_toml_msg(exc))]) from None
    except (ValueError, RecursionError) as exc:  # a shape the check above missed
        raise error([Msg("toml.unreadable", where=f"{name}:1", detail=str(exc))]) from None


def _toml_error_line(exc: tomllib.TOMLDecodeError, text: str) -> int:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    match = re.search(r"line (\d+)", str(exc))
    if match:
        return int(match.group(1))
    # "at end of document": the problem is on the last line that has anything on it.
    lines = text.rstrip().splitlines()
    return max(1, len(lines))


def _toml_msg(exc: tomllib.TOMLDecodeError) -> str:
    msg = getattr(exc, "msg", None) or str(exc)
    return re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)


def _too_deep() -> str:
    return f"nested more than {MAX_NESTING} levels deep"


def _too_long() -> str:
    return f"a number longer than {MAX_DIGITS} digits"


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# ---------------------------------------------------------------------------------------------
# Writing


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old file or the new, never half.

    Raises ``OSError`` (disk full, permission denied) with no partial file left behind. Text
    that cannot be encoded as UTF-8 (a lone surrogate) raises ``UnicodeEncodeError`` before
    anything is written.
    """
    data = text.encode("utf-8")
    mode = _mode_for(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode the file had, or the usual one.
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(path.parent)


def is_temporary_name(name: str, target: str | None = None) -> bool:
    """Whether ``name`` is one of :func:`atomic_write_text`'s temporary files (of ``target``)."""
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return False
    return target is None or name.startswith(f".{target}.")


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not every platform lets a folder be opened.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
