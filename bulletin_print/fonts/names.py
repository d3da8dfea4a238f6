"""Decode a font's name table from its raw bytes (fontTools' own decoder imports ~40 ms of modules)."""

from struct import unpack_from

# (platform, encoding) → codec; Windows and Unicode platforms use UTF-16BE.
_MAC_CODECS = {0: "mac_roman", 1: "shift_jis", 2: "big5", 3: "euc_kr", 25: "gb18030"}
_WINDOWS_LEGACY = {2: "shift_jis", 3: "gb18030", 4: "big5", 5: "cp949", 6: "johab"}


def read_names(table: bytes, wanted: tuple[int, ...]) -> list[tuple[int, str, str]]:
    """(name id, "en" or "", text) for each record whose name id is in `wanted`."""
    count, strings = unpack_from(">HH", table, 2)
    found = []
    for i in range(count):
        platform, encoding, lang, name_id, length, offset = unpack_from(">6H", table, 6 + 12 * i)
        if name_id not in wanted:
            continue
        raw = table[strings + offset : strings + offset + length]
        text = _decode(platform, encoding, raw).strip()
        if text:
            found.append((name_id, _language(platform, lang), text))
    return found


def _decode(platform: int, encoding: int, raw: bytes) -> str:
    if platform == 1:
        return raw.decode(_MAC_CODECS.get(encoding, "mac_roman"), errors="replace")
    if platform == 3 and encoding in _WINDOWS_LEGACY:
        # Legacy double-byte records are stored one 16-bit unit per character.
        return raw.replace(b"\x00", b"").decode(_WINDOWS_LEGACY[encoding], errors="replace")
    return raw.decode("utf-16-be", errors="replace")


def _language(platform: int, lang: int) -> str:
    """English is language 0 on Macintosh, 0x409 (or another 0x..09) on Windows."""
    english = (platform == 1 and lang == 0) or (platform == 3 and lang & 0xFF == 0x09)
    return "en" if english else ""
