"""Definitions as clipboard or drag data: one item carrying HTML, plain text and Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtWidgets import QApplication

from glossapp.glossary.model import Entry

MARKDOWN_MIME = "text/markdown"
_SEPARATOR_HTML = '\n<hr style="border: none; border-top: 1px solid #d0d7de;">\n'


def definition_mime(renderer, entries: Sequence[Entry], citation: bool = False) -> QMimeData:
    """Word and Google Docs read the HTML, editors the plain text, Markdown-aware apps the rest."""
    mime = QMimeData()
    if not entries:
        return mime
    html = _SEPARATOR_HTML.join(renderer.clipboard_html(e, citation=citation) for e in entries)
    plain = "\n".join(renderer.plain_text(e, citation=citation) for e in entries)
    markdown = "\n".join(renderer.markdown(e, citation=citation) for e in entries)
    mime.setHtml(html)
    mime.setText(plain)
    mime.setData(MARKDOWN_MIME, QByteArray(markdown.encode("utf-8")))
    return mime


def put_mime(mime: QMimeData) -> None:
    # the clipboard takes ownership; tests/conftest.py clears it before an offscreen exit
    QApplication.clipboard().setMimeData(mime)


def put_text(text: str) -> None:
    QApplication.clipboard().setText(text)
