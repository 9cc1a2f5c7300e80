"""Painting list rows: title, then category and snippet in a quieter style, all one height."""

from __future__ import annotations

import re
from html import unescape

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from glossapp.ui.models import BookmarkedRole, CategoryRole, MissingRole, SnippetRole

_TAG = re.compile(r"<[^>]+>")
_BOOKMARK_MARK = "\u2605"
_PADDING = 6


def _plain(snippet_html: str) -> str:
    return unescape(_TAG.sub("", snippet_html))


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
            painter.setPen(
                option.palette.color(group, QPalette.ColorRole.Link) if not selected else text_color
            )
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
        painter.setFont(detail_font)
        painter.setPen(quiet_color)
        parts = [index.data(CategoryRole) or ""]
        snippet = _plain(index.data(SnippetRole) or "")
        if snippet:
            parts.append(snippet)
        if missing:
            parts.insert(0, "missing")
        detail = " \u00b7 ".join(p for p in parts if p)
        elided = QFontMetrics(detail_font).elidedText(
            detail, Qt.TextElideMode.ElideRight, detail_rect.width()
        )
        painter.drawText(
            detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )
        painter.restore()
