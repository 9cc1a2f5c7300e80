"""Markdown as text: fences and code spans, the normaliser, the sanitiser, and Markdown to plain text."""
