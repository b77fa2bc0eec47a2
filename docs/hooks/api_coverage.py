"""mkdocs hook: the build fails unless every public name has an entry in the rendered API reference.

`tests/test_docs.py` checks the same from the ``::: identifier`` blocks without building; this hook checks
what mkdocstrings actually rendered (an element whose ``id`` is the name's full path), so an option or a
missing docstring that hides a name cannot slip through ``mkdocs build --strict``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

_IDS = re.compile(r'\bid="(socialroi(?:\.\w+)+)"')
_rendered: set[str] = set()


def on_pre_build(config: Any) -> None:  # noqa: ARG001 - mkdocs passes the config
    _rendered.clear()


def on_post_page(output: str, page: Any, config: Any) -> str:  # noqa: ARG001
    if page.file.src_uri.startswith("reference/"):
        _rendered.update(_IDS.findall(output))
    return output


def expected_names(package: Path) -> set[str]:
    """Full paths of every name in the ``__all__`` of every public module, read from the source.

    Reading instead of importing keeps the check independent of optional extras (matplotlib).
    """
    names = set()
    for path in sorted(package.iterdir()):
        source = path / "__init__.py" if path.is_dir() else path
        if path.name.startswith("_") or source.suffix != ".py" or not source.is_file():
            continue
        module = f"{package.name}.{path.stem}"
        for statement in ast.parse(source.read_text(encoding="utf-8")).body:
            if isinstance(statement, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets
            ):
                names |= {f"{module}.{name}" for name in ast.literal_eval(statement.value)}
    return names


def on_post_build(config: Any) -> None:
    package = Path(config["config_file_path"]).parent / "socialroi"
    missing = sorted(expected_names(package) - _rendered)
    if missing:
        msg = f"public names missing from the rendered API reference: {', '.join(missing)}"
        raise PluginError(msg)
