"""Every project task: `nox` runs lint, tests, typing and docs; `nox -s bench`, `nox -s tests_lowest` and
`nox -s docs_browser` on demand."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.error_on_external_run = True
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "typing", "docs"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
GROUPS = PYPROJECT["dependency-groups"]


def _group(name: str) -> list[str]:
    """Requirements of a dependency group, with included groups expanded."""
    requirements: list[str] = []
    for entry in GROUPS[name]:
        requirements += _group(entry["include-group"]) if isinstance(entry, dict) else [entry]
    return requirements


@nox.session
def lint(session: nox.Session) -> None:
    session.install(*_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def tests(session: nox.Session) -> None:
    session.install("-e", ".[plot]", *_group("tests"))
    env = {"HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}
    session.run(
        "pytest",
        "--cov=socialroi",
        "--cov-branch",
        "--cov-report=term-missing:skip-covered",
        "--cov-fail-under=100",
        *session.posargs,
        env=env,
    )


@nox.session
def tests_lowest(session: nox.Session) -> None:
    """The test suite against the lowest versions that pyproject.toml allows."""
    session.install("-e", ".[plot]", *_group("tests"))
    session.install(
        "attrs==23.1.0",
        "numpy==1.26.0",
        "pandas==2.1.4",
        "scipy==1.11.4",
        "matplotlib==3.8.4",
        "pyparsing<3.3",
    )
    session.run(
        "python", "-c", "import attrs, numpy; print('attrs', attrs.__version__, 'numpy', numpy.__version__)"
    )
    session.run("pytest", *session.posargs, env={"HYPOTHESIS_PROFILE": "ci"})


@nox.session
def typing(session: nox.Session) -> None:
    session.install("-e", ".[plot]", *_group("typing"))
    session.run("mypy", "socialroi", "tests/typing")
    session.run("pyright")


@nox.session
def docs(session: nox.Session) -> None:
    session.install("-e", ".[plot]", *_group("docs"))
    site = str(Path(session.create_tmp()) / "site")
    session.run("mkdocs", "build", "--strict", "--site-dir", site)
    session.run("python", "docs/hooks/check_math.py", site)


@nox.session(default=False)
def docs_browser(session: nox.Session) -> None:
    """The built docs opened offline in headless Chromium: no raw TeX, every formula laid out, screenshots.

    Needs a Chromium: ``$CHROMIUM``, or ``chromium`` on the PATH (Debian: ``apt-get install chromium``).
    The screenshots land in ``.nox/docs_browser/tmp/screenshots``.
    """
    if not (os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")):
        session.error(
            "no Chromium: install it (Debian: apt-get install chromium) or set CHROMIUM to its path"
        )
    session.install("-e", ".[plot]", *_group("docs-browser"))
    tmp = Path(session.create_tmp())
    site = str(tmp / "site")
    session.run("mkdocs", "build", "--strict", "--site-dir", site)
    session.run("python", "docs/hooks/browser_check.py", site, str(tmp / "screenshots"))


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks; prints measured times and the ratios against the stated goals.

    channelattribution, the reference the attribution benchmarks compare against, is installed here
    only (never a dependency of socialroi); it builds from source, which takes a few minutes. So is
    pymc-marketing, which the marketing mix benchmark fits side by side (skipped when it cannot be
    imported).
    """
    session.install(
        "-e", ".", *_group("tests"), *_group("bench"), "channelattribution", "matplotlib", "pymc-marketing"
    )
    session.run(
        "pytest",
        "tests/benchmarks",
        "-o",
        "addopts=",
        "-s",
        "--benchmark-columns=min,median,mean,rounds",
        *session.posargs,
        env={"SOCIALROI_CHANNELATTRIBUTION_PYTHON": str(Path(session.bin) / "python")},
    )
