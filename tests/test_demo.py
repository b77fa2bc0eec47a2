"""`python -m socialroi` runs, prints the worked example, and rejects bad options."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from socialroi.__main__ import main


def test_demo_text(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for word in ("ROAS", "ROI", "CPM", "CPC", "CTR", "CPA", "facebook", "total"):
        assert word in out


def test_demo_json_is_deterministic(capsys):
    assert main(["--format", "json", "--seed", "3"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["--format", "json", "--seed", "3"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert first["Funnel KPIs per channel"]["total"]["roas"] > 0


def test_demo_bad_option_is_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--format", "xml"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("python -m socialroi: argument --format")


def test_demo_as_a_subprocess():
    result = subprocess.run(
        [sys.executable, "-m", "socialroi"], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "ROAS" in result.stdout
