"""Spec text made inert in generated Python: a phrase safe inside a triple-quoted docstring."""

from __future__ import annotations

__all__ = ["docstring_text", "escape_char"]


def docstring_text(text: str) -> str:
    """Spec text (a title, a summary, a name) made inert inside a triple-quoted docstring, on
    one line with single spaces: a phrase black has nothing to re-indent or strip in."""
    text = " ".join(str(text).split())
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "")
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else escape_char(ch) for ch in text)
    return text + " " if text.endswith('"') else text


def escape_char(ch: str) -> str:
    """The Python escape of one character (``\\x1b``, ``\\u200b``, ``\\U000e0001``)."""
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
