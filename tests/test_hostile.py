"""Hostile content is text: nothing is fetched, embedded, run or read from elsewhere.

A listening socket on 127.0.0.1 stands in for the network: content and even a hostile layout
point at it, and it must never see a connection. pikepdf checks that no PDF carries a file,
and the text of a secret file must never appear in a PDF. Hypothesis feeds random Unicode
through the whole pipeline: it renders, or fails with a ContentError — never anything else.
"""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pikepdf
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bulletin_print.cli import app
from bulletin_print.deliver.build import Builder
from bulletin_print.diagnostics import ContentError
from bulletin_print.fonts import resolve_fonts
from bulletin_print.layout import compose
from bulletin_print.model import load_issue
from bulletin_print.render import Renderer
from bulletin_print.render.fetcher import confined_fetcher
from bulletin_print.render.limits import RenderTimeout, _watchdog, time_limit
from bulletin_print.render.weasy import weasyprint

from conftest import ROOT, SAMPLE_ISSUE

SECRET = "SECRET-MARKER-7f3a9c"


@pytest.fixture
def listener():
    """A TCP port on 127.0.0.1 that records whether anyone connected."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def payloads(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}"
    return [
        f'<img src="{url}/img.png">', f"<style>@import url({url}/a.css); body {{ background: url({url}/b) }}</style>",
        f'<div style="background-image: url({url}/bg.png)">x</div>', f"![图片]({url}/md.png)",
        f"[链接]({url}/link)", f"<{url}/autolink>", '<link rel="attachment" href="secret.txt">',
        '<a rel="attachment" href="secret.txt">附件</a>', '<img src="file:///etc/hostname">',
        '<iframe src="secret.txt"></iframe>', f'<object data="{url}/o"></object>',
        "{{ 7*7 }} {{ config }} {% include 'secret.txt' %} {% for x in range(3) %}循环{% endfor %}",
        f'<script>fetch("{url}/js")</script>', "<!-- 注释 --> &lt; &amp; &#x41;", "[x](secret.txt)",
    ]


def hostile_bulletin(folder: Path, port: int) -> Path:
    """Every text field of both files carries every payload."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    text = " ".join(payloads(port))
    settings = {"name": "测试简报", "masthead": {"title": "测试" + payloads(port)[0], "subtitle": "{{ 7*7 }}"},
                "publisher": text, "marks": payloads(port)[:3], "distribution": {"报": payloads(port), "发": [text]},
                "copies": 1}
    issue = {"issue": 1, "date": "2023-06-20", "editor_note": text, "extra": payloads(port)[3:6],
             "sections": [
                 {"title": text, "articles": [{"title": text, "contents_title": text, "source": text,
                                               "body": "\n\n".join(payloads(port))}]},
                 {"title": "简讯" + text, "style": "brief", "articles": [{"title": text, "body": text}]}]}
    (folder / "bulletin.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    path = folder / "1.yaml"
    path.write_text(yaml.safe_dump(issue, allow_unicode=True), encoding="utf-8")
    return path


def build(path: Path, out: Path) -> Path:
    result = CliRunner().invoke(app, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdfs = list(out.glob("*.pdf"))
    assert len(pdfs) == 1
    return pdfs[0]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def raw_streams(pdf: Path) -> bytes:
    """Every object's decoded stream and the whole file, to search for leaked bytes."""
    chunks = [pdf.read_bytes()]
    with pikepdf.open(pdf) as document:
        for obj in document.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    chunks.append(obj.read_bytes())
                except pikepdf.PdfError:
                    chunks.append(obj.read_raw_bytes())
    return b"".join(chunks)


def assert_carries_nothing(pdf: Path) -> None:
    with pikepdf.open(pdf) as document:
        root = document.Root
        assert "/EmbeddedFiles" not in root.get("/Names", {}), "embedded file"
        assert "/AF" not in root and "/OpenAction" not in root and "/AA" not in root
        for page in document.pages:
            for annotation in page.get("/Annots", []):
                assert annotation.get("/Subtype") != "/FileAttachment"
                action = annotation.get("/A", {})
                assert action.get("/S") not in ("/URI", "/Launch", "/JavaScript", "/GoToR", "/ImportData")
    assert SECRET.encode() not in raw_streams(pdf)


def test_hostile_content_is_printed_as_text_and_fetches_nothing(listener, tmp_path):
    port = listener.getsockname()[1]
    pdf = build(hostile_bulletin(tmp_path / "b", port), tmp_path / "out")
    assert connections(listener) == 0
    assert_carries_nothing(pdf)
    text = pdf_text(pdf).replace("\n", "")
    assert SECRET not in text
    # {{ 7*7 }} evaluated would print 49; the random port in the URLs may contain "49" too.
    assert "{{" in text and "49" not in text.replace(str(port), ""), "Jinja syntax in content must stay literal"
    assert "<img" in text and "<script>" in text and "![图片]" in text


def test_a_hostile_layout_cannot_fetch_or_attach(listener, tmp_path):
    """Even a layout shipped inside a bulletin folder only reaches local files, and never attaches."""
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    path = hostile_bulletin(tmp_path / "b", port)
    layout = tmp_path / "b" / "layouts" / "evil"
    shutil.copytree(ROOT / "layouts" / "jianbao", layout)
    template = layout / "issue.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("<head>", (
        f'<head><link rel="attachment" href="secret.txt"><link rel="stylesheet" href="{url}/s.css">'
        f'<link rel="attachment" href="file:///etc/hostname">'), 1).replace("<body>", (
        f'<body><img src="{url}/i.png"><img src="file:///etc/hostname"><a rel="attachment" href="secret.txt">a</a>'
        f'<iframe src="secret.txt"></iframe><embed src="{url}/e"><object data="secret.txt"></object>'), 1),
        encoding="utf-8")
    (layout / "style.css.j2").write_text((layout / "style.css.j2").read_text(encoding="utf-8") + (
        f"\n@font-face {{ font-family: evil; src: url({url}/f.woff); }}\n"
        f"html {{ background: url({url}/bg.png); }} p {{ background: url(https://127.0.0.1:{port}/x) }}\n"),
        encoding="utf-8")
    settings = path.parent / "bulletin.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "layout: evil\n", encoding="utf-8")
    pdf = build(path, tmp_path / "out")
    assert connections(listener) == 0
    assert_carries_nothing(pdf)
    assert SECRET not in pdf_text(pdf)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/x.png", "https://127.0.0.1:{port}/x.png", "ftp://127.0.0.1:{port}/x",
    "data:text/plain,abc", "file:///etc/hostname", "file://{root}/../../etc/hostname",
])
def test_the_fetcher_refuses_everything_outside_its_roots(url, tmp_path, listener):
    fetcher = confined_fetcher(weasyprint(), [tmp_path])
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url.format(root=tmp_path, port=listener.getsockname()[1]))
    assert connections(listener) == 0


def test_the_fetcher_serves_files_inside_its_roots(tmp_path):
    (tmp_path / "ok.css").write_text("p {}", encoding="utf-8")
    fetcher = confined_fetcher(weasyprint(), [tmp_path])
    response = fetcher.fetch((tmp_path / "ok.css").as_uri())
    assert response is not None


# -- render time limit ----------------------------------------------------------------------

def test_render_time_limit_stops_with_a_chinese_error(tmp_path):
    issue = load_issue(SAMPLE_ISSUE)
    composition = compose(issue, resolve_fonts())
    renderer = Builder(tmp_path).renderer
    slow = Renderer(renderer.font_roots, renderer.fontconfig_cache, seconds=0.01)
    target = tmp_path / "x.pdf"
    with pytest.raises(RenderTimeout) as caught:
        slow.write(composition, target)
    assert "排版超时" in str(caught.value) and "BULLETIN_RENDER_TIMEOUT" in str(caught.value)
    assert isinstance(caught.value, ContentError)
    assert list(tmp_path.iterdir()) == [], "no PDF and no temporary file"


def test_cli_reports_the_time_limit_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_RENDER_TIMEOUT", "0.01")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(SAMPLE_ISSUE), "-o", str(out)])
    assert result.exit_code == 2
    assert "排版超时" in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_the_watchdog_used_without_sigalrm_also_stops_work():
    started = time.perf_counter()
    with pytest.raises(RenderTimeout):
        with _watchdog(0.05):
            while time.perf_counter() - started < 5:
                pass
    assert time.perf_counter() - started < 2


def test_nested_limits_keep_the_outer_one():
    started = time.perf_counter()
    with pytest.raises(RenderTimeout):
        with time_limit(0.1):
            with time_limit(10):
                pass
            while time.perf_counter() - started < 5:
                pass
    assert time.perf_counter() - started < 2


def test_no_limit_left_behind():
    with time_limit(0.05):
        pass
    time.sleep(0.2)  # a timer still armed would raise here


# -- random content -------------------------------------------------------------------------

SPECIAL = st.sampled_from([
    "\U00020000", "\U0002a6d6", "\U00030000",  # CJK Extension B, G
    "\u0301", "\u0336", "e\u0301\u0302\u0303",  # combining marks
    "\u05d0\u05d1", "\u0627\u0644\u0639", "\u202e", "\u200f", "\u2067",  # right-to-left, bidi controls
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\ufeff", "\u200b", "\ufffd",  # controls
    "「", "——", "……", "<", "&", "{{ x }}", "{% if %}", "**", "\n\n", "一、", "（一）", "- ", "1. ", "\t", "#",
])
VISIBLE = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=6)
TEXT = st.lists(st.one_of(VISIBLE, VISIBLE, SPECIAL), min_size=1, max_size=8).map("".join)


@pytest.fixture(scope="module")
def pipeline():
    folder = Path(tempfile.mkdtemp(prefix="bulletin-hypothesis-"))
    yield folder, resolve_fonts(), Builder(folder / "out").renderer
    shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, body=TEXT, section=TEXT, note=TEXT, mark=TEXT, masthead=TEXT,
       style=st.sampled_from(["full", "brief"]), raw=st.booleans())
def test_random_content_renders_or_fails_cleanly(pipeline, title, body, section, note, mark, masthead, style, raw):
    folder, fonts, renderer = pipeline
    settings = {"name": "测试简报", "masthead": {"title": masthead}, "publisher": mark, "marks": [mark],
                "distribution": {"报": [mark]}, "copies": 1}
    (folder / "bulletin.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    path = folder / "1.yaml"
    if raw:  # the text pasted straight into the file, as a hurried editor would
        path.write_bytes(f"issue: 1\ndate: 2023-06-20\nsections:\n  - title: {section}\n    articles:\n"
                         f"      - title: {title}\n        body: {body}\n".encode())
    else:
        issue = {"issue": 1, "date": "2023-06-20", "editor_note": note, "sections": [
            {"title": section, "style": style, "articles": [{"title": title, "body": body, "source": note}]}]}
        path.write_text(yaml.safe_dump(issue, allow_unicode=True), encoding="utf-8")
    try:
        document = renderer.layout(compose(load_issue(path), fonts))
        assert document.write_pdf()[:5] == b"%PDF-"
    except ContentError as error:
        assert error.diagnostics and all(d.message for d in error.diagnostics)
