"""Pygments colouring for fenced code that names its language.

Fences without a language (the seed's ASCII diagrams) are left exactly as they are. The
detail pane gets class-based spans (coloured by the theme's stylesheet, so one cached
HTML serves light and dark); the clipboard gets inline styles, which word processors keep.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CLASS_PREFIX = "hl-"
THEME_STYLES = {"light": "friendly", "dark": "github-dark"}
# Python-Markdown's fenced_code output for a fence with a language.
_FENCED = re.compile(r'<pre><code class="language-([\w#+-]+)">(.*?)</code></pre>', re.DOTALL)
_PLAIN_LANGUAGES = frozenset({"text", "txt", "plain", "plaintext", "ascii", "diagram", "none"})
_MAX_HIGHLIGHT_CHARS = 50_000


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    if language.lower() in _PLAIN_LANGUAGES:
        return None
    try:
        return get_lexer_by_name(language.lower(), stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=4)
def _formatter(inline_style: str | None) -> HtmlFormatter:
    if inline_style:
        return HtmlFormatter(nowrap=True, noclasses=True, style=inline_style)
    return HtmlFormatter(nowrap=True, classprefix=CLASS_PREFIX)


def highlight_fences(rendered: str, inline_style: str | None = None) -> str:
    """Colour every `<pre><code class="language-x">` block whose language Pygments knows."""

    def replace(match: re.Match) -> str:
        lexer = _lexer(match.group(1))
        code = html.unescape(match.group(2))
        if lexer is None or len(code) > _MAX_HIGHLIGHT_CHARS:
            return f"<pre><code>{match.group(2)}</code></pre>"
        coloured = highlight(code, lexer, _formatter(inline_style)).rstrip("\n")
        return f"<pre><code>{coloured}</code></pre>"

    return _FENCED.sub(replace, rendered)


@lru_cache(maxsize=4)
def token_css(theme: str) -> str:
    """Colour rules for the class-based spans, in the Pygments style that suits the theme."""
    formatter = HtmlFormatter(style=THEME_STYLES.get(theme, "friendly"), classprefix=CLASS_PREFIX)
    rules = [
        line.split("/*")[0].rstrip()
        for line in formatter.get_style_defs("").splitlines()
        if line.startswith(f".{CLASS_PREFIX}")
    ]
    return "\n".join(rules) + "\n"
