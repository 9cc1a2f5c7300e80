"""Painting list rows: title, then category and snippet in a quieter style, all one height."""

from __future__ import annotations

import re
from typing import NamedTuple

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QListView, QStyledItemDelegate

from glossapp.ui.models import RowRole

_BOLD_SPLIT = re.compile(r"(<b>.*?</b>)", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BOOKMARK_MARK = "\u2605"
STAR_GOLD = QColor("#e3a008")
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_PADDING = 6
_CONTEXT_BEFORE_MATCH = 24  # characters of snippet kept before its first match


def snippet_segments(snippet_html: str) -> list[tuple[str, bool]]:
    """(text, is_match) pieces of a snippet, starting shortly before the first match.

    Rows are one line high, so a snippet that opened with a long run-up would be elided
    before the matched word ever showed.
    """
    if not snippet_html:
        return []
    # imported on first use: `html` loads its table of 2,000 entities, which the
    # window's first frame (rows without snippets) never needs
    from html import unescape

    segments = []
    for piece in _BOLD_SPLIT.split(snippet_html):
        if piece:
            is_match = piece.startswith("<b>")
            segments.append((unescape(_TAG.sub("", piece)), is_match))
    if segments and not segments[0][1] and len(segments) > 1:
        lead = segments[0][0]
        if len(lead) > _CONTEXT_BEFORE_MATCH:
            cut = lead.rfind(" ", 0, len(lead) - _CONTEXT_BEFORE_MATCH)
            segments[0] = (
                "\u2026" + lead[cut + 1 if cut >= 0 else -_CONTEXT_BEFORE_MATCH :],
                False,
            )
    return segments


class EntryDelegate(QStyledItemDelegate):
    """Two fixed-height lines per row so the view can use uniform item sizes.

    Rows are painted in the window's first frame, so this class never touches `QStyle`
    or asks Qt for the view (`option.widget`): PySide builds every enum type of a class
    the first time Python meets it, and handing a `QWidget*` to Python makes it
    resolve every QtWidgets class (`make bench` shows the cost). Qt paints the background,
    selection and focus frame; Python paints only the text.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._fonts: _RowFonts | None = None
        self._fonts_key = ""

    def sizeHint(self, option, index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + _PADDING * 2)

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.text = ""  # the title and the second line are painted by paint()

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        row = index.data(RowRole)
        if row is None:
            return
        fonts = self._fonts_for(option.font)
        selected = self._view.selectionModel().isSelected(index)
        group = (
            QPalette.ColorGroup.Active
            if self._view.isActiveWindow()
            else QPalette.ColorGroup.Inactive
        )
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = option.palette.color(group, text_role)
        quiet_color = option.palette.color(
            group, text_role if selected else QPalette.ColorRole.PlaceholderText
        )

        rect = option.rect.adjusted(_PADDING, _PADDING // 2, -_PADDING, -_PADDING // 2)
        line_height = rect.height() // 2
        title_rect = QRect(rect.left(), rect.top(), rect.width(), line_height)
        detail_rect = QRect(rect.left(), rect.top() + line_height, rect.width(), line_height)

        painter.save()
        title_font = fonts.struck_title if row.missing else fonts.title
        title_metrics = fonts.title_metrics
        painter.setFont(title_font)
        if row.bookmarked:
            painter.setPen(STAR_GOLD.darker(110) if not selected else text_color)
            painter.drawText(title_rect, _LEFT_MIDDLE, _BOOKMARK_MARK)
            title_rect.setLeft(title_rect.left() + fonts.mark_width)
        painter.setPen(text_color)
        elided = title_metrics.elidedText(
            row.title, Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(title_rect, _LEFT_MIDDLE, elided)

        snippet = snippet_segments(row.snippet_html)
        # the category slot holds the category, or nothing: never the file name, which
        # would read as one; a term defined several times says how many
        place = f"{row.definitions} definitions" if row.definitions > 1 else row.category
        prefix = [p for p in ("missing" if row.missing else "", place) if p]
        segments = [(" \u00b7 ".join(prefix), False)] if prefix else []
        if snippet and segments:
            segments.append((" \u00b7 ", False))
        segments.extend(snippet)
        painter.setPen(quiet_color)
        self._draw_segments(painter, detail_rect, segments, fonts)
        painter.restore()

    def _fonts_for(self, font: QFont) -> _RowFonts:
        key = font.key()
        if self._fonts is None or self._fonts_key != key:
            self._fonts, self._fonts_key = _RowFonts.derive(font), key
        return self._fonts

    @staticmethod
    def _draw_segments(painter, rect: QRect, segments, fonts: _RowFonts) -> None:
        """Draw text pieces left to right, matches in bold, eliding the piece that overflows."""
        x = rect.left()
        for text, is_match in segments:
            font, metrics = (
                (fonts.match, fonts.match_metrics)
                if is_match
                else (fonts.detail, fonts.detail_metrics)
            )
            room = rect.right() - x
            if room <= metrics.averageCharWidth():
                break
            width = metrics.horizontalAdvance(text)
            if width > room:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
                width = room
            painter.setFont(font)
            painter.drawText(QRect(x, rect.top(), width + 1, rect.height()), _LEFT_MIDDLE, text)
            x += width


class _RowFonts(NamedTuple):
    """The fonts a row is painted with, derived once per view font rather than per row."""

    title: QFont
    struck_title: QFont
    title_metrics: QFontMetrics
    mark_width: int
    detail: QFont
    detail_metrics: QFontMetrics
    match: QFont
    match_metrics: QFontMetrics

    @classmethod
    def derive(cls, base: QFont) -> _RowFonts:
        title = QFont(base)
        title.setBold(True)
        struck_title = QFont(title)
        struck_title.setStrikeOut(True)
        title_metrics = QFontMetrics(title)
        detail = QFont(base)
        detail.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
        match = QFont(detail)
        match.setBold(True)
        return cls(
            title,
            struck_title,
            title_metrics,
            title_metrics.horizontalAdvance(_BOOKMARK_MARK + " "),
            detail,
            QFontMetrics(detail),
            match,
            QFontMetrics(match),
        )
