"""mkdocs hook: typeset every formula as MathML at build time, so the site needs no network.

``pymdownx.arithmatex`` (generic mode) wraps inline maths as ``<span class="arithmatex">\\(...\\)
</span>`` and displayed maths as ``<div class="arithmatex">\\[...\\]</div>``; this hook replaces
each with the MathML that ``latex2mathml`` (the docs extra) produces. Browsers render MathML
natively, so no script is loaded. A formula latex2mathml cannot convert fails the build, naming
the page and the formula.
"""

from __future__ import annotations

import html
import re
from typing import Any

_SPAN = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.DOTALL
)


def _convert(tex: str, display: bool, where: str) -> str:
    from latex2mathml.converter import convert

    try:
        return str(convert(tex, display="block" if display else "inline"))
    except Exception as exc:  # latex2mathml raises many exception types
        raise ValueError(f"{where}: cannot typeset {tex!r}: {exc}") from exc


def on_page_content(html_text: str, page: Any, **kwargs: Any) -> str:
    """Replace the arithmatex placeholders of one page by MathML."""
    where = getattr(getattr(page, "file", None), "src_uri", "page")

    def repl(m: re.Match[str]) -> str:
        body = html.unescape(m.group("body").strip())
        if body.startswith("\\(") and body.endswith("\\)"):
            return _convert(body[2:-2], False, where)
        if body.startswith("\\[") and body.endswith("\\]"):
            return f'<div class="math">{_convert(body[2:-2], True, where)}</div>'
        return m.group(0)

    return _SPAN.sub(repl, html_text)
