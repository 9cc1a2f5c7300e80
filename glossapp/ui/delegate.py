"""Painting list rows: title, then category and snippet in a quieter style, all one height."""

from __future__ import annotations

import re
from html import unescape

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from glossapp.ui.icons import STAR_GOLD
from glossapp.ui.models import BookmarkedRole, CategoryRole, MissingRole, SnippetRole, SourceRole

_BOLD_SPLIT = re.compile(r"(<b>.*?</b>)", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BOOKMARK_MARK = "\u2605"
_PADDING = 6
_CONTEXT_BEFORE_MATCH = 24  # characters of snippet kept before its first match


def snippet_segments(snippet_html: str) -> list[tuple[str, bool]]:
    """(text, is_match) pieces of a snippet, starting shortly before the first match.

    Rows are one line high, so a snippet that opened with a long run-up would be elided
    before the matched word ever showed.
    """
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
    """Two fixed-height lines per row so the view can use uniform item sizes."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + _PADDING * 2)

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        self.initStyleOption(option, index)
        title = option.text
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)

        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
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
        title_font = QFont(option.font)
        title_font.setBold(True)
        missing = bool(index.data(MissingRole))
        title_font.setStrikeOut(missing)
        if index.data(BookmarkedRole):
            mark_width = QFontMetrics(title_font).horizontalAdvance(_BOOKMARK_MARK + " ")
            painter.setPen(STAR_GOLD.darker(110) if not selected else text_color)
            painter.setFont(title_font)
            painter.drawText(
                title_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                _BOOKMARK_MARK,
            )
            title_rect.setLeft(title_rect.left() + mark_width)
        painter.setFont(title_font)
        painter.setPen(text_color)
        elided = QFontMetrics(title_font).elidedText(
            title, Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )

        detail_font = QFont(option.font)
        detail_font.setPointSizeF(max(option.font.pointSizeF() * 0.9, 7.0))
        match_font = QFont(detail_font)
        match_font.setBold(True)
        snippet = snippet_segments(index.data(SnippetRole) or "")
        # without a category or a snippet, name the glossary: no row has a blank second line
        place = index.data(CategoryRole) or ("" if snippet else index.data(SourceRole) or "")
        prefix = [p for p in ("missing" if missing else "", place) if p]
        segments = [(" \u00b7 ".join(prefix), False)] if prefix else []
        if snippet and segments:
            segments.append((" \u00b7 ", False))
        segments.extend(snippet)
        painter.setPen(quiet_color)
        self._draw_segments(painter, detail_rect, segments, detail_font, match_font)
        painter.restore()

    @staticmethod
    def _draw_segments(painter, rect: QRect, segments, plain_font: QFont, match_font: QFont):
        """Draw text pieces left to right, matches in bold, eliding the piece that overflows."""
        x = rect.left()
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for text, is_match in segments:
            font = match_font if is_match else plain_font
            metrics = QFontMetrics(font)
            room = rect.right() - x
            if room <= metrics.averageCharWidth():
                break
            width = metrics.horizontalAdvance(text)
            if width > room:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
                width = room
            painter.setFont(font)
            painter.drawText(QRect(x, rect.top(), width + 1, rect.height()), align, text)
            x += width
