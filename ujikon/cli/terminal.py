"""Output a terminal shows but never obeys.

Rule ``storable-text`` keeps control, bidi and zero-width characters out of the log from
now on, but a log written by an older version (or an error quoting what a user typed)
may still hold them: printed raw, ``\\x1b[2J`` clears the viewer's screen,
``\\x1b]0;…\\x07`` retitles their window and U+202E turns ``gaji‮fdp.exe`` around.

:class:`TerminalConsole` is a Rich console that writes every such character of the
*text* it prints out as ``\\x1b`` / ``\\u202e`` (:func:`ujikon.domain.text.printable`);
the escape codes of Rich's own styling are added afterwards and are untouched.
:func:`json_text` does the same for ``--json`` output, with JSON's own ``\\u`` escapes,
so the data read back is exactly the data stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.segment import Segment

from ujikon.errors import printable

__all__ = ["TerminalConsole", "json_text", "showing"]

# What JSON leaves raw with ensure_ascii=False and a terminal would obey (JSON already
# escapes U+0000-U+001F): DEL, the C1 controls, bidi controls, zero-width characters.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def _shown(buffer: Iterable[Segment]) -> Iterator[Segment]:
    for segment in buffer:
        if segment.control or not segment.text:
            yield segment
            continue
        text = printable(segment.text)
        yield segment if text is segment.text else Segment(text, segment.style, None)


class TerminalConsole(Console):
    """A Rich console whose printed text cannot drive the terminal (see the module)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(_shown(buffer))


def showing(console: Console) -> Console:
    """``console``, made a :class:`TerminalConsole` (in place: it only escapes more).

    For the printing functions that are handed a console made elsewhere; a console of
    another subclass is left as it is.
    """
    if type(console) is Console:
        console.__class__ = TerminalConsole
    return console


def json_text(data: Any) -> str:
    """``data`` as indented UTF-8 JSON in which every character a terminal would obey is
    a ``\\uXXXX`` escape: valid JSON that reads back to the same data."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
