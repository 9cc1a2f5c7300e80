"""Find in page: a bar over the definition, as in a browser.

Typing finds as you type; Enter or F3 goes to the next match, Shift+Enter or Shift+F3 to
the previous one, wrapping at either end; the label counts matches ("3 of 12"); every
match is highlighted in the pane; Escape closes the bar and gives the pane the focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

MATCH_LIMIT = 1000  # matches counted and highlighted; past it the label says "1,000+"
MATCH_COLOR = QColor("#ffe066")
CURRENT_COLOR = QColor("#ff9632")


class FindBar(QWidget):
    """Finds text in `view` (a QTextEdit). Signal `closed()` when Escape hides it."""

    closed = Signal()

    def __init__(self, view: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setAccessibleName("Find in page")
        self.box = QLineEdit()
        self.box.setPlaceholderText("Find in definition")
        self.box.setAccessibleName("Find in definition")
        self.box.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setMinimumWidth(80)
        self.previous_button = QToolButton()
        self.previous_button.setText("Previous")
        self.previous_button.setToolTip("Previous match (Shift+Enter)")
        self.next_button = QToolButton()
        self.next_button.setText("Next")
        self.next_button.setToolTip("Next match (Enter)")
        close = QToolButton()
        close.setText("\u2715")
        close.setToolTip("Close (Esc)")
        close.setAccessibleName("Close find bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.box, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(close)
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.box.textChanged.connect(self._on_text_changed)
        self.box.returnPressed.connect(self.find_next)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        close.clicked.connect(self.close_bar)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Esc", self.close_bar),
            ("Shift+Return", self.find_previous),
            ("Shift+Enter", self.find_previous),
            ("F3", self.find_next),
            ("Shift+F3", self.find_previous),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self.hide()

    # ------------------------------------------------------------------ open and close

    def open_bar(self) -> None:
        """Show the bar with its text selected, and find it again in the page on show."""
        self.show()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.matches, self.current = [], -1
        self.view.setExtraSelections([])
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def refresh(self) -> None:
        """Find again: the page changed (another entry, or more of a huge one)."""
        if self.isVisible():
            self._search(keep_position=True)

    # ------------------------------------------------------------------ finding

    def _on_text_changed(self, _text: str) -> None:
        self._search(keep_position=False)

    def _search(self, keep_position: bool) -> None:
        text = self.box.text()
        document = self.view.document()
        previous = self.matches[self.current].selectionStart() if self.matches else 0
        self.matches = []
        if text:
            cursor = QTextCursor(document)
            while len(self.matches) < MATCH_LIMIT:
                cursor = document.find(text, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                self.matches.append(QTextCursor(cursor))
        start = previous if keep_position else self.view.textCursor().selectionStart()
        if not keep_position:
            start = 0
        self.current = next(
            (i for i, m in enumerate(self.matches) if m.selectionStart() >= start),
            0 if self.matches else -1,
        )
        self._show_current()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.matches:
            self._search(keep_position=False)
            return
        self.current = (self.current + step) % len(self.matches)
        self._show_current()

    def _show_current(self) -> None:
        found = bool(self.matches)
        more = "+" if len(self.matches) >= MATCH_LIMIT else ""
        if not self.box.text():
            self.count_label.setText("")
        elif found:
            self.count_label.setText(f"{self.current + 1:,} of {len(self.matches):,}{more}")
        else:
            self.count_label.setText("No matches")
        self.previous_button.setEnabled(found)
        self.next_button.setEnabled(found)
        selections = []
        for number, match in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = match
            fmt = QTextCharFormat()
            fmt.setBackground(CURRENT_COLOR if number == self.current else MATCH_COLOR)
            fmt.setForeground(QColor("#000000"))
            selection.format = fmt
            selections.append(selection)
        self.view.setExtraSelections(selections)
        if found:
            current = QTextCursor(self.matches[self.current])
            current.setPosition(current.selectionStart())
            self.view.setTextCursor(current)
            self.view.ensureCursorVisible()
