"""Fonts by role, against the real fonts of the machine (make setup): no mocks."""

import re
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from rich.console import Console

from bulletin_print import paths
from bulletin_print.commands.fonts import show_fonts
from bulletin_print.fonts import FontError, FontSet, resolve_fonts

FANDOL = paths.font_cache_dir() / "fandol"
NOT_IN_FANDOL = "\U00020000"  # 𠀀, CJK Extension B


@pytest.fixture(autouse=True)
def fresh_resolution(monkeypatch, tmp_path):
    """Every test resolves afresh, with an empty fonts/ folder unless it stages one."""
    empty = tmp_path / "no-user-fonts"
    empty.mkdir()
    monkeypatch.setenv("BULLETIN_FONTS_DIR", str(empty))
    monkeypatch.delenv("BULLETIN_SYSTEM_FONTS", raising=False)
    resolve_fonts.cache_clear()
    yield
    resolve_fonts.cache_clear()


def renamed_copy(source: Path, target: Path, english: str, chinese: str) -> Path:
    """A real font file whose family is renamed (name ids 1, 4, 16; en-US and zh-CN)."""
    with TTFont(source, lazy=True) as font:
        names = font["name"]
        names.removeNames(platformID=1)  # the old Macintosh names would still match
        for name_id in (1, 4, 16):
            names.setName(english, name_id, 3, 1, 0x409)
            names.setName(chinese, name_id, 3, 1, 0x804)
        font.save(target)
    return target


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    """Fonts a user might drop into fonts/: 楷体_GB2312, 仿宋_GB2312 by its Chinese name only,
    a cwTeXFangSong that also calls itself 仿宋 (must be ignored), and FangSong spelt with a space."""
    folder = tmp_path_factory.mktemp("staged")
    renamed_copy(FANDOL / "FandolKai-Regular.otf", folder / "kai.otf", "楷体_GB2312", "楷体_GB2312")
    renamed_copy(FANDOL / "FandolHei-Bold.otf", folder / "fang.otf", "Office Fang", "仿宋_GB2312")
    renamed_copy(FANDOL / "FandolHei-Bold.otf", folder / "cwtex.otf", "cwTeXFangSong", "仿宋")
    renamed_copy(FANDOL / "FandolHei-Bold.otf", folder / "spaced.otf", "FangSong GB2312", "FangSong GB2312")
    return folder


def user_folder(tmp_path: Path, staged: Path, *names: str) -> Path:
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name in names:
        shutil.copy(staged / name, folder / name)
    return folder


def family_and_style(path: Path, index: int = 0) -> tuple[str, str]:
    with TTFont(path, fontNumber=index, lazy=True) as font:
        return font["name"].getDebugName(1), font["name"].getDebugName(2)


def test_default_resolution_uses_free_fonts():
    fonts = resolve_fonts()
    assert [font.role for font in fonts] == ["title", "body", "hei", "kai", "song"]
    body, title = fonts["body"], fonts["title"]
    assert body.label == "正文（仿宋）"
    assert (body.face.family, body.face.source, body.face.official) == ("FandolFang", "fallback", False)
    assert body.face.path.name == "FandolFang-Regular.otf"
    assert (title.face.family, title.face.style, title.face.source) == ("Noto Serif CJK SC GB2312", "Bold", "fallback")
    assert [fonts[role].face.family for role in ("hei", "kai", "song")] == ["FandolHei", "FandolKai", "FandolSong"]


def test_collection_faces_are_the_sc_faces():
    fonts = resolve_fonts()
    title = fonts["title"].gap_filler
    assert title.path.suffix == ".ttc" and title.index > 0
    assert family_and_style(title.path, title.index) == ("Noto Serif CJK SC", "Bold")
    gap = fonts["body"].gap_filler
    assert family_and_style(gap.path, gap.index) == ("Noto Serif CJK SC", "Regular")
    assert fonts["hei"].gap_filler.family == "Noto Sans CJK SC"


def test_user_font_wins(monkeypatch, tmp_path, staged):
    folder = user_folder(tmp_path, staged, "kai.otf")
    monkeypatch.setenv("BULLETIN_FONTS_DIR", str(folder))
    kai = resolve_fonts()["kai"].face
    assert (kai.family, kai.source, kai.official) == ("楷体_GB2312", "user", True)
    assert kai.path == folder / "kai.otf"
    assert resolve_fonts()["body"].face.family == "FandolFang"


def test_user_font_matched_by_its_chinese_name(monkeypatch, tmp_path, staged):
    monkeypatch.setenv("BULLETIN_FONTS_DIR", str(user_folder(tmp_path, staged, "fang.otf")))
    body = resolve_fonts()["body"].face
    assert (body.family, body.source, body.official) == ("仿宋_GB2312", "user", True)


def test_family_is_spelled_as_the_font_spells_it(monkeypatch, tmp_path, staged):
    monkeypatch.setenv("BULLETIN_FONTS_DIR", str(user_folder(tmp_path, staged, "spaced.otf")))
    body = resolve_fonts()["body"].face
    assert (body.family, body.source, body.official) == ("FangSong GB2312", "user", True)


def test_cwtex_fangsong_is_never_chosen(monkeypatch, tmp_path, staged):
    monkeypatch.setenv("BULLETIN_FONTS_DIR", str(user_folder(tmp_path, staged, "cwtex.otf")))
    assert resolve_fonts()["body"].face.family == "FandolFang"


def test_advances_in_em():
    fonts = resolve_fonts()
    body = fonts["body"].face
    assert body.advance("中") == 1.0
    assert body.advance("1") == pytest.approx(0.5, abs=0.05)
    assert body.advance(NOT_IN_FANDOL) is None
    assert fonts["title"].face.advance("中") == 1.0


@pytest.mark.parametrize("role", ["body", "title"])
def test_metrics_agree_with_fonttools(role):
    face = resolve_fonts()[role].face
    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        for char in "中永1a，。“”—《》〇䶮鿏" + NOT_IN_FANDOL:
            glyph = cmap.get(ord(char))
            assert face.advance(char) == (hmtx[glyph][0] / upm if glyph else None), char


def test_css_weights():
    fonts = resolve_fonts()
    assert fonts["title"].face.weight == 700
    assert fonts["body"].face.weight == fonts["body"].gap_filler.weight == 400


def test_has_glyph():
    body = resolve_fonts()["body"]
    assert body.face.has_glyph("永")
    assert not body.face.has_glyph(NOT_IN_FANDOL)
    assert body.gap_filler.has_glyph("永")


def test_fingerprint_changes_with_the_fonts(monkeypatch, tmp_path, staged):
    before = resolve_fonts().fingerprint()
    assert re.fullmatch(r"[0-9a-f]{64}", before)
    assert resolve_fonts().fingerprint() == before
    monkeypatch.setenv("BULLETIN_FONTS_DIR", str(user_folder(tmp_path, staged, "kai.otf")))
    resolve_fonts.cache_clear()
    assert resolve_fonts().fingerprint() != before


def no_fonts_anywhere(monkeypatch, tmp_path):
    for variable, name in (("BULLETIN_FONTS_DIR", "fonts"), ("BULLETIN_FONT_CACHE", "cache")):
        (tmp_path / name).mkdir()
        monkeypatch.setenv(variable, str(tmp_path / name))
    monkeypatch.setenv("BULLETIN_SYSTEM_FONTS", "0")


def test_font_error_when_nothing_serves(monkeypatch, tmp_path):
    no_fonts_anywhere(monkeypatch, tmp_path)
    with pytest.raises(FontError) as error:
        resolve_fonts()
    message = str(error.value)
    assert "标题（报头、文章标题）" in message
    assert "make setup" in message and str(tmp_path / "fonts") in message


def test_show_fonts_table():
    console = Console(record=True, width=200)
    assert show_fonts(console) == 0
    text = console.export_text()
    for expected in ("角色", "字体", "来源", "是否正式字体", "文件", "正文（仿宋）", "FandolFang",
                     "免费替代字体", "Noto Serif CJK SC Bold", "缺字补充字体", "提示", "仿宋_GB2312"):
        assert expected in text, expected


def test_show_fonts_shows_a_user_font(monkeypatch, tmp_path, staged):
    monkeypatch.setenv("BULLETIN_FONTS_DIR", str(user_folder(tmp_path, staged, "kai.otf")))
    console = Console(record=True, width=200)
    assert show_fonts(console) == 0
    assert "用户字体目录 fonts/" in console.export_text()


def test_show_fonts_error(monkeypatch, tmp_path):
    no_fonts_anywhere(monkeypatch, tmp_path)
    console = Console(record=True, width=200)
    assert show_fonts(console) == 2
    assert "make setup" in console.export_text()


def test_font_set_iterates_in_roles_order():
    fonts = resolve_fonts()
    assert isinstance(fonts, FontSet) and len(list(fonts)) == 5
    with pytest.raises(KeyError):
        fonts["masthead"]


def test_compact_title_face_is_the_gb2312_part_of_noto():
    from bulletin_print.fonts.compact import gb2312_characters

    title = resolve_fonts()["title"]
    assert title.face.path.parent.name == "compact" and title.face.weight == 700
    assert len(gb2312_characters()) == 6763 + 682 + 95
    assert all(title.face.has_glyph(chr(code)) for code in gb2312_characters()[::50])
    assert not title.face.has_glyph("堃") and title.gap_filler.has_glyph("堃")
    assert title.face.advance("简") == title.gap_filler.advance("简") == 1.0
