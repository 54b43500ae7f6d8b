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


def decode_text(data: bytes, name: str, *, encoding: str = "utf-8", what: str = "text") -> str:
    """Decode a file, naming the line of the first bad byte when the encoding is wrong."""
    if b"\x00" in data[:8192]:
        raise DomainError(f"{name}: this is a binary file, not {what}")
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except LookupError:
        raise DomainError(f"{name}: unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DomainError(
            f"{name}: line {line} is not valid {encoding} (byte 0x{data[exc.start]:02x}); "
            f"save the file as UTF-8, or name its encoding (for example --encoding cp1252)"
        ) from None
