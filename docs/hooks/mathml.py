"""Render the TeX that pymdownx.arithmatex marks into MathML at build time.

The pages need no JavaScript and no network to show their formulas: every
``<span class="arithmatex">\\(...\\)</span>`` and ``<div class="arithmatex">\\[...\\]</div>``
(in pages and in mkdocstrings-rendered docstrings alike) becomes a ``<math>`` element.
A formula that latex2mathml cannot convert fails the build, naming the page and the TeX.
"""

from __future__ import annotations

import html
import re
from typing import Any

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

_MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\]|\$\$(?P<dollars>.*?)\$\$)\s*</(?P=tag)>',
    re.DOTALL,
)


_TEXT = re.compile(r"\\(?:text|mathrm|textrm|operatorname)\{([^{}]*)\}")
_ESCAPED = re.compile(r"\\([_%&$#])")


def _text_escapes(source: str) -> str:
    """Unescape ``\\_`` and friends inside ``\\text{...}``, which latex2mathml keeps verbatim."""
    return _TEXT.sub(lambda m: m.group(0).replace(m.group(1), _ESCAPED.sub(r"\1", m.group(1))), source)


def _mathml(tex: str, display: bool, where: str) -> str:
    source = html.unescape(tex).strip()
    try:
        rendered = convert(_text_escapes(source), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many kinds for what it cannot parse
        msg = f"{where}: cannot render the formula {source!r} as MathML ({type(error).__name__}: {error})"
        raise PluginError(msg) from error
    if "\\" in re.sub(r"<[^>]+>", "", rendered):
        msg = f"{where}: the formula {source!r} kept an unknown TeX command: {rendered}"
        raise PluginError(msg)
    return rendered


def render(content: str, where: str) -> str:
    """Replace every arithmatex element in ``content`` by its MathML."""

    def replace(match: re.Match[str]) -> str:
        inline = match.group("inline")
        if inline is not None:
            return f'<span class="arithmatex">{_mathml(inline, False, where)}</span>'
        tex = match.group("block") if match.group("block") is not None else match.group("dollars")
        return f'<div class="arithmatex">{_mathml(tex, True, where)}</div>'

    return _MATH.sub(replace, content)


def on_page_content(html_: str, page: Any, **_: Any) -> str:
    """mkdocs hook: the page's HTML with its formulas as MathML."""
    return render(html_, page.file.src_uri)
