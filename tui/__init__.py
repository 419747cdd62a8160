"""Ritmas: a keyboard-first terminal kanban board for a small business's weekly rhythm."""

__version__ = "0.1.0"  # the one place of the version (pyproject.toml reads it)
