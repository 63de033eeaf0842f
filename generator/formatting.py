"""black, in-process and pinned: the same bytes on every machine, no formatter on PATH needed."""

from __future__ import annotations

from pathlib import Path

from .errors import Location, SpecgenError

__all__ = ["BLACK_LINE_LENGTH", "format_python"]

BLACK_LINE_LENGTH = 100


def format_python(source: str, *, name: str) -> str:
    """``source`` formatted by black (line length 100, Python 3.11 target), ending in a newline.

    A failure here means a template or the model step produced invalid Python: a specgen bug,
    reported with the output file's name rather than a traceback.
    """
    import black

    mode = black.Mode(
        target_versions={black.TargetVersion.PY311},
        line_length=BLACK_LINE_LENGTH,
        string_normalization=True,
        magic_trailing_comma=True,
    )
    try:
        formatted = black.format_str(source, mode=mode)
    except Exception as exc:
        raise SpecgenError(
            f"internal error: generated {name} is not valid Python ({' '.join(str(exc).split())[:300]}); "
            "please report this with the spec",
            Location(Path(name)),
            exit_code=3,
        ) from None
    return formatted if formatted.endswith("\n") else formatted + "\n"
