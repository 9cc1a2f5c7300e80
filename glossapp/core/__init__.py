"""Qt-free core: parsing, rendering, search, bookmarks and the glossary library.

Nothing in this package may import Qt, so the command line and the tests use it directly
(tests/core/test_qt_free.py proves it in a fresh interpreter).
"""
