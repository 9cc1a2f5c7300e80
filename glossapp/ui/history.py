"""Back/forward navigation over entry ids, like a browser's."""

from __future__ import annotations


class History:
    def __init__(self, limit: int = 200) -> None:
        self._items: list[str] = []
        self._position = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        return self._items[self._position] if self._position >= 0 else None

    def visit(self, entry_id: str) -> None:
        if entry_id == self.current:
            return
        del self._items[self._position + 1 :]
        self._items.append(entry_id)
        if len(self._items) > self._limit:
            del self._items[0]
        self._position = len(self._items) - 1

    def can_go_back(self) -> bool:
        return self._position > 0

    def can_go_forward(self) -> bool:
        return self._position < len(self._items) - 1

    def back(self) -> str | None:
        if not self.can_go_back():
            return None
        self._position -= 1
        return self.current

    def forward(self) -> str | None:
        if not self.can_go_forward():
            return None
        self._position += 1
        return self.current
