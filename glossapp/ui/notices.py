"""Lasting notices: banners over the window's content that stay until dismissed or solved.

The status bar's messages are for what just happened and may be replaced a moment later;
a `Notice` is for a state the user must know about while it lasts (bookmarks that cannot
be saved, a damaged `library.json`, a read-only profile). `NoticeArea.show_notice(key,
text, buttons)` shows or replaces the banner named `key`; `dismiss(key)` removes it. Each
banner has its buttons (label and callback) and a Dismiss button.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

__all__ = ["Notice", "NoticeArea"]

Button = tuple[str, Callable[[], object]]


class Notice(QFrame):
    """One banner: an icon-less line of text, its buttons and Dismiss."""

    dismissed = Signal(str)

    def __init__(self, key: str, text: str, buttons: Sequence[Button] = (), parent=None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Notice")
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        self.buttons: dict[str, QPushButton] = {}
        for label, callback in buttons:
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, run=callback: run())
            layout.addWidget(button)
            self.buttons[label.replace("&", "")] = button
        close = QPushButton("Dismiss")
        close.setToolTip("Hide this notice")
        close.clicked.connect(lambda _checked=False: self.dismissed.emit(self.key))
        layout.addWidget(close)
        self.buttons["Dismiss"] = close

    @property
    def text(self) -> str:
        return self.label.text()


class NoticeArea(QWidget):
    """The window's banners, stacked, newest last; hidden while there is none."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 0)
        self._layout.setSpacing(4)
        self.notices: dict[str, Notice] = {}
        self.hide()

    def show_notice(self, key: str, text: str, buttons: Sequence[Button] = ()) -> Notice:
        """Show the banner `key` (replacing the one of that key, if shown)."""
        old = self.notices.pop(key, None)
        notice = Notice(key, text, buttons, self)
        notice.dismissed.connect(self.dismiss)
        if old is not None:
            self._layout.replaceWidget(old, notice)
            old.deleteLater()
        else:
            self._layout.addWidget(notice)
        self.notices[key] = notice
        self.show()
        self.changed.emit()
        return notice

    def dismiss(self, key: str) -> None:
        notice = self.notices.pop(key, None)
        if notice is None:
            return
        self._layout.removeWidget(notice)
        notice.hide()
        notice.deleteLater()
        self.setVisible(bool(self.notices))
        self.changed.emit()

    def text(self, key: str) -> str | None:
        notice = self.notices.get(key)
        return notice.text if notice is not None else None
