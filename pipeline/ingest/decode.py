"""Bytes to clean Unicode text: BOMs, UTF-8, legacy code pages, NFC, newlines."""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

from charset_normalizer import from_bytes

from pipeline.datafiles import load_data


class NotText(ValueError):
    """The bytes are not text: ``kind`` is ``binary`` or ``decode``."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


# Checked in this order: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Single-byte Latin code pages that charset-normalizer confuses on short
# texts (it calls French cp1252 "cp1250"); Windows-1252 is by far the most
# common of them for news, so it wins when the bytes are valid cp1252.
LATIN_FAMILY = re.compile(r"^(cp125[02]|latin_1|iso8859_(1|2|15)|mac_(roman|latin2)|cp850)$")
MAX_BINARY_SHARE = 0.10  # share of NUL/control characters above which bytes are not text
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # terminal colour codes from console copies
STRAY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u200b\ufffe]")


@lru_cache(maxsize=1)
def binary_signatures() -> list[tuple[bytes, str]]:
    entries = load_data("binary_signatures.yaml")["signatures"]
    return [(codecs.escape_decode(e["magic"])[0], e["name"]) for e in entries]


def sniff_binary(data: bytes) -> str | None:
    """The kind of binary file ``data`` starts like, or None."""
    for magic, name in binary_signatures():
        if data.startswith(magic):
            return name
    return None


def bom_encoding(data: bytes) -> str | None:
    return next((enc for bom, enc in BOMS if data.startswith(bom)), None)


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: ASCII letters leave NULs in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def guess_encoding(data: bytes) -> str:
    """The encoding of ``data`` (no BOM, not UTF-8), or raise NotText."""
    match = from_bytes(data[:200_000]).best()
    if match is None:
        raise NotText("decode", "no text encoding fits these bytes")
    if LATIN_FAMILY.match(match.encoding):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return match.encoding


def detect_encoding(data: bytes) -> str:
    if enc := bom_encoding(data):
        return enc
    if enc := utf16_without_bom(data):
        return enc
    if data.count(0) > MAX_BINARY_SHARE * len(data):
        raise NotText("binary", f"{data.count(0)} NUL bytes in {len(data)}: not a text file")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        # A cut in the middle of a multi-byte character at the very end is
        # still UTF-8 (truncated reads end anywhere).
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            return "utf-8"
    return guess_encoding(data)


def decode_bytes(data: bytes, truncated: bool = False) -> tuple[str, str]:
    """(text, encoding) for raw bytes; raises NotText.

    When the read was truncated, an incomplete character at the cut is
    dropped instead of failing the whole file.
    """
    if name := sniff_binary(data):
        raise NotText("binary", f"{name} file, not an article")
    encoding = detect_encoding(data)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        text = decoder.decode(data, final=not truncated)
    except UnicodeDecodeError as err:
        raise NotText("decode", f"not valid {encoding} at byte {err.start}: {err.reason}") from err
    if text.startswith("\ufeff"):
        text = text[1:]
    stray = len(STRAY.findall(text))
    if text and stray > MAX_BINARY_SHARE * len(text):
        raise NotText("binary", f"{stray} control characters in {len(text)}: not a text file")
    return text, encoding


def normalise_text(text: str) -> str:
    """NFC, "\\n" line endings, no control or zero-width characters, no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\u2028\u2029\x85]", "\n", text)
    text = ANSI_ESCAPE.sub("", text)
    # Page breaks, tabs and no-break spaces stand between words: one space.
    text = re.sub("[ \x0b\x0c\t\xa0]{2,}|[\x0b\x0c\t\xa0]", " ", text)
    text = STRAY.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))
