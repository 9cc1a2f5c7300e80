"""The toolbar's icons: the star and copy pictures drawn in code, so they follow the palette
and need no resource files, and the arrows from the icon theme or the style."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from glossapp.ui.delegate import STAR_GOLD


def _sizes(size: int) -> tuple[int, int]:
    return size, size * 2  # the second for screens with two device pixels per point


def _star_path(size: int) -> QPainterPath:
    centre = QPointF(size / 2, size / 2 + size * 0.03)
    outer, inner = size * 0.46, size * 0.19
    path = QPainterPath()
    for point in range(10):
        radius = outer if point % 2 == 0 else inner
        angle = -math.pi / 2 + point * math.pi / 5
        corner = QPointF(
            centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle)
        )
        if point == 0:
            path.moveTo(corner)
        else:
            path.lineTo(corner)
    path.closeSubpath()
    return path


@contextmanager
def _canvas(size: int) -> Iterator[tuple[QPixmap, QPainter]]:
    """A transparent square pixmap and an antialiased painter on it, ended on leaving."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        yield pixmap, painter
    finally:
        painter.end()


def _text_colour() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.WindowText)


def _star_pixmap(size: int, filled: bool, outline: QColor) -> QPixmap:
    with _canvas(size) as (pixmap, painter):
        pen = QPen(STAR_GOLD.darker(115) if filled else outline, max(1.0, size / 14))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(STAR_GOLD if filled else Qt.BrushStyle.NoBrush)
        painter.drawPath(_star_path(size))
    return pixmap


def star_icon(size: int) -> QIcon:
    """Outlined when off, filled gold when on: a checkable action shows its state by itself."""
    outline = _text_colour()
    icon = QIcon()
    for pixels in _sizes(size):
        icon.addPixmap(_star_pixmap(pixels, False, outline), QIcon.Mode.Normal, QIcon.State.Off)
        icon.addPixmap(_star_pixmap(pixels, True, outline), QIcon.Mode.Normal, QIcon.State.On)
    return icon


def _copy_pixmap(size: int, colour: QColor) -> QPixmap:
    with _canvas(size) as (pixmap, painter):
        painter.setPen(QPen(colour, max(1.0, size / 14)))
        page = size * 0.56
        radius = size / 12
        back = QRectF(size * 0.14, size * 0.1, page, page * 1.2)
        front = back.translated(size * 0.22, size * 0.16)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(back, radius, radius)
        painter.setBrush(QApplication.palette().color(QPalette.ColorRole.Window))
        painter.drawRoundedRect(front, radius, radius)
        for line in range(3):
            y = front.top() + front.height() * (0.3 + 0.2 * line)
            painter.drawLine(
                QPointF(front.left() + size * 0.1, y), QPointF(front.right() - size * 0.1, y)
            )
    return pixmap


def navigation_icon(forward: bool) -> QIcon:
    """Forward or back: the desktop icon theme's arrow, else the style's."""
    fallback = QApplication.style().standardIcon(
        QStyle.StandardPixmap.SP_ArrowForward if forward else QStyle.StandardPixmap.SP_ArrowBack
    )
    name = QIcon.ThemeIcon.GoNext if forward else QIcon.ThemeIcon.GoPrevious
    return QIcon.fromTheme(name, fallback)


def copy_icon(size: int) -> QIcon:
    """Two pages, the front one written on: the usual picture for copying."""
    colour = _text_colour()
    icon = QIcon()
    for pixels in _sizes(size):
        icon.addPixmap(_copy_pixmap(pixels, colour))
    return icon


def action_icon(name: str, size: int) -> QIcon:
    """The icon an action names (`ActionSpec.icon`): "back", "forward", "star" or "copy"."""
    if name in ("back", "forward"):
        return navigation_icon(forward=name == "forward")
    if name == "star":
        return star_icon(size)
    if name == "copy":
        return copy_icon(size)
    raise ValueError(f"no icon named {name!r}")
