"""Reading uploaded or local files safely: a size limit, a text encoding, and clear refusals."""

from __future__ import annotations

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
        line = data[:nul].count(b"\n") + 1
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
        line = data[:offset].count(b"\n") + 1
        raise DomainError(
            f"{name}: line {line} is not valid {encoding} at byte offset {offset} (0x{data[offset]:02x}); "
            f"save the file as UTF-8, or name its encoding (for example --encoding cp1252)"
        ) from None


def line_offsets(data: bytes) -> list[int]:
    """The byte offset where each line starts (line 1 at index 0), to name a bad row's byte."""
    offsets = [0]
    find = data.find
    at = find(b"\n")
    while at >= 0:
        offsets.append(at + 1)
        at = find(b"\n", at + 1)
    return offsets
