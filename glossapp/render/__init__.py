"""Entries to HTML, Markdown and plain text: the renderer, cross-links, relations, code colours, clipboard HTML."""
