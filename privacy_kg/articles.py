"""Reading article text safely: size, encoding and binary checks before anything parses it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import InputError, TooLarge

MAX_ARTICLE_BYTES = 1024 * 1024  # a news article is a few KB; a megabyte is already suspicious


def decode_article(data: bytes, name: str = "article", max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """Bytes -> text, or an InputError that says what is wrong with the input."""
    if len(data) > max_bytes:
        raise TooLarge(f"{name}: {len(data):,} bytes is over the {max_bytes:,}-byte limit for one article")
    if not data.strip():
        raise InputError(f"{name}: the article is empty")
    if b"\x00" in data:
        raise InputError(f"{name}: looks binary (contains NUL bytes); send the article as UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it with e.g. `iconv -t UTF-8`"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > max(8, len(text) // 100):
        raise InputError(f"{name}: contains {controls} control characters; it does not look like article text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit for one article")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode_article(data, str(path), max_bytes)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
