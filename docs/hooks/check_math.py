"""Fail when a built page still shows a raw TeX delimiter in its text (outside code).

Usage: ``python docs/hooks/check_math.py SITE_DIR``. The math hook turns every formula into
MathML at build time; a ``\\(``, ``\\[`` or ``$$`` left in the text a reader sees means a formula
escaped it and would show as raw TeX.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

_SKIP = {"code", "pre", "script", "style", "textarea", "kbd", "samp"}
_DELIMITERS = ("\\(", "\\[", "$$")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002 (HTMLParser API)
        if tag in _SKIP:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and any(d in data for d in _DELIMITERS):
            self.found.append(data.strip()[:120])


def raw_tex(site: Path) -> dict[str, list[str]]:
    """Pages of ``site`` whose visible text holds a TeX delimiter, with the offending text."""
    problems: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            problems[str(page.relative_to(site))] = parser.found
    return problems


def main(argv: list[str]) -> int:
    site = Path(argv[1])
    pages = list(site.rglob("*.html"))
    if not pages:
        print(f"no HTML pages under {site}")
        return 1
    problems = raw_tex(site)
    for page, texts in problems.items():
        for text in texts:
            print(f"{page}: raw TeX in text: {text!r}")
    print(f"checked {len(pages)} pages for raw TeX: {len(problems)} with raw TeX")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
