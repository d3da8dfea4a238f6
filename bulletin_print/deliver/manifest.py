"""The build manifest beside the outputs: which source state each PDF was built from.

An issue is unchanged when the hash of everything its PDF depends on (the issue file, its
images, bulletin.yaml, the layout's files, the fonts, the tool version and the build
options) equals the hash recorded when the PDF was written, and that PDF still exists.
"""

import hashlib
import json
import os
from pathlib import Path

from .. import __version__
from ..diagnostics import ContentError
from ..model import BULLETIN_FILE, find_bulletin_dir
from ..model.source import read_yaml

MANIFEST = ".bulletin-manifest.json"


class Manifest:
    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST
        self.entries: dict[str, dict] = self._read()
        self.changed = False

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8")).get("entries", {})
        except (OSError, ValueError):
            return {}

    def unchanged(self, source: Path, key: str) -> Path | None:
        """The PDF built from exactly this state, when it is still there."""
        entry = self.entries.get(str(source.resolve()))
        if entry and entry["key"] == key:
            output = self.path.parent / entry["output"]
            if output.is_file():
                return output
        return None

    def record(self, source: Path, key: str, output: Path) -> None:
        self.entries[str(source.resolve())] = {"key": key, "output": output.name}
        self.changed = True

    def save(self) -> None:
        """Write the manifest if anything was built (never into a folder with no output)."""
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps({"version": 1, "entries": self.entries}, ensure_ascii=False, indent=1),
                        encoding="utf-8")
        os.replace(temp, self.path)


def source_key(source: Path, fonts_fingerprint: str, options: str, layout_files) -> str:
    """Hash of everything the issue's PDF depends on; unreadable content gives a fresh key."""
    digest = hashlib.sha256(f"{__version__}\0{fonts_fingerprint}\0{options}\0".encode())
    try:
        folder = find_bulletin_dir(source)
        bulletin = read_yaml(folder / BULLETIN_FILE).data or {}
        issue = read_yaml(source).data or {}
    except ContentError:
        return digest.hexdigest() + "-unreadable"
    layout = bulletin.get("layout", "jianbao") if isinstance(bulletin, dict) else "jianbao"
    for path in [folder / BULLETIN_FILE, source, *_images(source, issue), *layout_files(str(layout), folder)]:
        _add_file(digest, path)
    return digest.hexdigest()


def _images(source: Path, issue) -> list[Path]:
    if not isinstance(issue, dict):
        return []
    found = []
    for section in issue.get("sections") or []:
        for article in (section.get("articles") or []) if isinstance(section, dict) else []:
            for image in (article.get("images") or []) if isinstance(article, dict) else []:
                if isinstance(image, dict) and isinstance(image.get("file"), str):
                    found.append(source.parent / image["file"])
    return found


def _add_file(digest, path: Path) -> None:
    digest.update(str(path).encode("utf-8", errors="surrogateescape") + b"\0")
    try:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        digest.update(b"missing")
