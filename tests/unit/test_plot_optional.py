"""socialroi.plot is an optional extra: these run with or without matplotlib installed."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import pytest


def test_import_socialroi_does_not_import_matplotlib():
    code = "import socialroi, sys; assert 'matplotlib' not in sys.modules, 'matplotlib was imported'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_missing_matplotlib_says_how_to_install_it(monkeypatch):
    monkeypatch.delitem(sys.modules, "socialroi.plot", raising=False)
    for name in [name for name in sys.modules if name == "matplotlib" or name.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # what an environment without it looks like
    expected = 'socialroi.plot needs matplotlib; install it with: pip install "socialroi[plot]"'
    with pytest.raises(ImportError, match=re.escape(expected)) as caught:
        importlib.import_module("socialroi.plot")
    assert isinstance(caught.value.__cause__, ImportError)
