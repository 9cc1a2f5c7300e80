"""The main window and the controllers it composes."""
