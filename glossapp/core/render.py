"""Entries to what people read and copy: detail-pane HTML, Markdown and plain text.

Every output starts from the same normalised Markdown (see `markdown_normalise`), goes
through one Python-Markdown pipeline that treats raw HTML as text (see `sanitise`), and
plain text is read back from that HTML, so the three never disagree.
"""

from __future__ import annotations

import threading

import markdown

from glossapp.core.markdown_normalise import normalise_markdown
from glossapp.core.plaintext import html_to_text
from glossapp.core.sanitise import SafeMarkdownExtension

__all__ = ["body_html", "body_plain_text", "normalise_markdown"]

_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One converter per thread: Markdown instances keep state between calls."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", SafeMarkdownExtension()],
            output_format="html",
        )
        _local.converter = converter
    return converter


def body_html(body: str) -> str:
    """A Markdown body as safe HTML, without cross-links."""
    converter = _markdown()
    converter.reset()
    return converter.convert(normalise_markdown(body))


def body_plain_text(body: str) -> str:
    """A Markdown body as plain text for the search index and the clipboard."""
    return html_to_text(body_html(body))
