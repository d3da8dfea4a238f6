"""The command line itself: usage mistakes and file choices, explained in Chinese."""

import pytest

from conftest import SAMPLE_BULLETIN, run_cli


@pytest.mark.parametrize(("args", "expected"), [
    (["build", "/nonexistent/017.yaml"], "路径「/nonexistent/017.yaml」不存在"),
    (["build"], "缺少参数"),
    (["buil"], "是不是想写「build」"),
    (["build", "-j", "0", "content"], "不能小于 1"),
    (["build", "--bogus", "content"], "没有选项 --bogus"),
])
def test_usage_mistakes_are_explained_in_chinese(args, expected):
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("用法错误：") and expected in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["bulletin.yaml", "units.yaml"])
def test_building_a_settings_file_says_what_to_build_instead(name, tmp_path):
    path = SAMPLE_BULLETIN / name
    if not path.exists():
        path = tmp_path / name
        path.write_text("units: []\n", encoding="utf-8")
    done = run_cli("build", path, "-o", tmp_path / "out")
    assert done.returncode == 2 and "不是期刊文件" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_name_pattern_is_refused_before_building(tmp_path):
    done = run_cli("build", SAMPLE_BULLETIN, "-o", tmp_path, "--name", "{name}-{issue}")
    assert done.returncode == 2 and "文件名格式" in done.stderr and "{label}" in done.stderr
    assert not list(tmp_path.iterdir())


def test_the_name_pattern_names_the_file(tmp_path):
    done = run_cli("build", SAMPLE_BULLETIN, "-o", tmp_path, "--name", "{date}-第{number}期")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "2023-06-20-第17期.pdf").is_file()
