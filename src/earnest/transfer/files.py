"""Reading uploaded or local files safely: a size limit, a text encoding, and clear refusals."""

from __future__ import annotations

import re
from pathlib import Path

from earnest.domain.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024


def size_check(data: bytes, name: str, *, limit: int = MAX_BYTES) -> bytes:
    if len(data) > limit:
        raise DomainError(
            f"{name}: the file is {len(data) / 1_048_576:.1f} MB; files are limited to {limit // 1_048_576} MB"
        )
    return data


def read_file(path: Path | str, *, limit: int = MAX_BYTES) -> bytes:
    """Read at most limit bytes, refusing a larger file before it is loaded into memory."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise DomainError(f"{path}: {exc.strerror or exc}") from None
    return size_check(data, path.name, limit=limit)


BOM = b"\xef\xbb\xbf"


def decode_text(data: bytes, name: str, *, encoding: str = "utf-8", what: str = "text") -> str:
    """Decode a file, naming the line and byte offset of the first bad byte when the encoding is wrong.

    Offsets count from the first byte of the file as it is on disk, the BOM included, so
    that a hex editor or `head -c` finds the byte the message names.
    """
    if (nul := data.find(b"\x00")) >= 0:
        line = len(CSV_BREAKS.findall(data, 0, nul)) + 1
        raise DomainError(
            f"{name}: this is a binary file, not {what} (a NUL byte on line {line}, at byte offset {nul})"
        )
    utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8")
    skipped = len(BOM) if utf8 and data.startswith(BOM) else 0
    try:
        return data[skipped:].decode("utf-8" if utf8 else encoding)
    except LookupError:
        raise DomainError(f"{name}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        offset = skipped + exc.start
        line = len(CSV_BREAKS.findall(data, 0, offset)) + 1
        raise DomainError(
            f"{name}: line {line} is not valid {encoding} at byte offset {offset} (0x{data[offset]:02x}); "
            f"save the file as UTF-8, or name its encoding (for example --encoding cp1252)"
        ) from None


CSV_BREAKS = re.compile(rb"\r\n|\r|\n")


def line_offsets(data: bytes, breaks: re.Pattern[bytes] = CSV_BREAKS) -> list[int]:
    """The byte offset where each line starts (line 1 at index 0), to name a bad row's byte.

    Lines end where Python's csv module ends them (CRLF, CR or LF), so that its line
    numbers and these offsets agree even in a file with a stray carriage return.
    """
    return [0, *(match.end() for match in breaks.finditer(data))]
