"""Inline styles for HTML put on the clipboard.

Word, LibreOffice and Google Docs drop `<style>` sheets and classes on paste but keep
`style` attributes, so each tag of the rendered body gets its look written onto it. The
input is this package's own body HTML (a known, small set of tags), never raw input.
"""

from __future__ import annotations

import re

_MONO = "Consolas, 'DejaVu Sans Mono', Menlo, monospace"
TAG_STYLES = {
    "p": "margin: 0 0 8px 0;",
    "h1": "font-size: 15pt; margin: 12px 0 4px 0;",
    "h2": "font-size: 14pt; margin: 12px 0 4px 0;",
    "h3": "font-size: 12pt; margin: 10px 0 4px 0;",
    "ul": "margin: 0 0 8px 0; padding-left: 24px;",
    "ol": "margin: 0 0 8px 0; padding-left: 24px;",
    "li": "margin: 0 0 2px 0;",
    "table": "border-collapse: collapse; margin: 4px 0 10px 0;",
    "th": "border: 1px solid #9aa4ae; padding: 4px 8px; background-color: #eef1f4; "
    "font-weight: bold; text-align: left;",
    "td": "border: 1px solid #9aa4ae; padding: 4px 8px; vertical-align: top;",
    "pre": f"font-family: {_MONO}; font-size: 9.5pt; background-color: #f6f8fa; "
    "border: 1px solid #d0d7de; padding: 8px; white-space: pre; margin: 0 0 8px 0;",
    "code": f"font-family: {_MONO}; font-size: 9.5pt; background-color: #f0f2f4;",
    "blockquote": "margin: 0 0 8px 0; padding-left: 10px; border-left: 3px solid #d0d7de; "
    "color: #4d5661;",
    "a": "color: #0969da;",
}
_OPEN_TAG = re.compile(r"<(?P<tag>[a-z][a-z0-9]*)(?P<attrs>(?:\s[^<>]*)?)>")
_PRE_CODE = re.compile(r"(<pre\b[^>]*>)<code\b[^>]*>(.*?)</code>(</pre>)", re.DOTALL)


def inline_styles(body_html: str) -> str:
    """Write TAG_STYLES onto every opening tag; code inside <pre> takes the block's style."""
    body_html = _PRE_CODE.sub(r"\1\2\3", body_html)

    def add_style(match: re.Match) -> str:
        tag, attrs = match.group("tag"), match.group("attrs") or ""
        style = TAG_STYLES.get(tag)
        if not style or "style=" in attrs:
            return match.group(0)
        align = re.search(r'\salign="(left|right|center)"', attrs)
        if align:
            style = style.replace("text-align: left;", "") + f" text-align: {align.group(1)};"
        return f'<{tag}{attrs} style="{style}">'

    return _OPEN_TAG.sub(add_style, body_html)
