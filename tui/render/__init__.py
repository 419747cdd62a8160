"""Presentation that needs no terminal toolkit: figures, text and Markdown made from core values.

Used by the screens (which add only colour and layout), the command line and the exports, so a
figure reads the same wherever it is shown. Imports neither Textual nor rich.
"""
