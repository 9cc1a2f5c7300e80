"""Glossapp: an offline desktop reference app for technical glossaries."""

__version__ = "0.1.0"
