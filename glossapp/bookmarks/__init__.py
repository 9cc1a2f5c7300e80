"""Bookmarks: the record, the SQLite store, and export and import."""
