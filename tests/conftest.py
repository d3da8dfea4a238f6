"""Shared fixtures: the sample bulletin, built once with the real CLI."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_BULLETIN = ROOT / "content" / "zhoukou-wenming"
SAMPLE_ISSUE = SAMPLE_BULLETIN / "2023" / "017.yaml"
SAMPLE_TEXT = Path(__file__).parent / "data" / "samples" / "zhoukou-wenming-2023-17.txt"
SAMPLE_PDF_NAME = "周口精神文明建设简报-2023年第17期.pdf"
BULLETIN = [sys.executable, "-m", "bulletin_print"]


def run_cli(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*BULLETIN, *map(str, args)], capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    done = run_cli("build", SAMPLE_ISSUE, "-o", out)
    assert done.returncode == 0, done.stderr
    return out / SAMPLE_PDF_NAME


@pytest.fixture
def bulletin_copy(tmp_path) -> Path:
    """A private copy of the sample bulletin to edit."""
    target = tmp_path / "zhoukou-wenming"
    shutil.copytree(SAMPLE_BULLETIN, target)
    return target
