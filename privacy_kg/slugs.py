"""Slugs: the readable, stable local names in the project's IRIs."""

import hashlib
import re
import unicodedata


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lowercase, hyphen-separated; non-Latin text falls back to a short content hash."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    return slug or "x-" + short_hash(text)


def short_hash(*parts: object, length: int = 10) -> str:
    """A stable hash of the parts, for ids that must not change between runs."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]
