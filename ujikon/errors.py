"""The error tree of ujikon.

Every error a user can meet is a :class:`UjikonError`. Subclasses carry structured
detail (the rule and article that refused, the expected and actual version of a
subject, the kind and id of what was not found) so that the CLI and the web layer
can map them to exit codes and HTTP statuses in one place each, and tests can
assert on fields instead of on text.

Messages are in Bahasa Indonesia first, English second. A message quotes what the
user gave (a file's key, a cell, an option), so it is made printable once, here: a
control, bidi or zero-width character in it is written out (``\\x1b``) and reaches
no terminal, page or log as itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "BIDI_CONTROLS",
    "ZERO_WIDTH",
    "ConflictError",
    "InputError",
    "NotFound",
    "PermissionDenied",
    "RuleViolation",
    "StoreError",
    "UjikonError",
    "printable",
]

BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""The bidirectional controls that reorder what a reader sees (a regex class range)."""
ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
"""The zero-width characters that hide text or make two names look alike (likewise).

Both are refused in stored text (rule ``storable-text``, :mod:`ujikon.domain.text`)."""

# What printable() escapes: C0 controls but newline and tab, every CR (a terminal has no
# use for it), DEL, the C1 controls, bidi controls and zero-width characters.
_SHOWN_UNSAFE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}{ZERO_WIDTH}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` as a terminal may show it: every control (but newline and tab), bidi or
    zero-width character written out as ``\\x1b`` or ``\\u202e``. Text that rule
    ``storable-text`` lets through comes back unchanged (except a CR of a CR LF)."""
    if _SHOWN_UNSAFE.search(text) is None:
        return text
    return _SHOWN_UNSAFE.sub(_escaped, text)


class UjikonError(Exception):
    """Root of every error ujikon raises on purpose."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        message = printable(message)
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class RuleViolation(UjikonError):
    """A legal rule (``domain.md``, "Rules the software checks") refused an action.

    :param rule: the rule id, e.g. ``ground-needs-item``.
    :param article: where the law says so, e.g. ``UU 14/2008 Pasal 17 huruf h``.
    :param field: the payload field that is wrong, as a dotted path
        (``citations[0].ground``), or ``None`` when the refusal is about the case as a whole.
    :param message_id: the explanation in Bahasa Indonesia.
    :param message_en: the same in English.
    """

    exit_code = 3

    def __init__(
        self,
        rule: str,
        article: str,
        message_id: str,
        message_en: str,
        field: str | None = None,
    ) -> None:
        self.rule = rule
        self.article = article
        self.field = printable(field) if field is not None else None
        self.message_id = printable(message_id)
        self.message_en = printable(message_en)
        self.location = ""
        self.also: tuple[RuleViolation, ...] = ()
        """Further refusals of the same submission, each about another field: a form
        shows them all at once instead of one per submit."""
        super().__init__(self._text())

    def _line(self) -> str:
        where = f" [kolom/field: {self.field}]" if self.field else ""
        return (
            f"Ditolak oleh aturan '{self.rule}' ({self.article}){where}: {self.message_id}\n"
            f"Refused by rule '{self.rule}' ({self.article}): {self.message_en}"
        )

    def _text(self) -> str:
        at = f"{self.location}: " if self.location else ""
        return at + "\n".join(v._line() for v in self.all())

    def all(self) -> tuple[RuleViolation, ...]:
        """This refusal and the further ones of the same submission."""
        return (self, *self.also)

    def with_also(self, others: Iterable[RuleViolation]) -> RuleViolation:
        """The same refusal carrying ``others`` (repeats of one rule and field dropped)."""
        seen = {(v.rule, v.field, v.message_id) for v in self.all()}
        extra = list(self.also)
        for other in others:
            for one in other.all():
                key = (one.rule, one.field, one.message_id)
                if key not in seen:
                    seen.add(key)
                    extra.append(one)
        made = self._copy()
        made.also = tuple(extra)
        made.message = made._text()
        made.args = (made.message,)
        return made

    def _copy(self) -> RuleViolation:
        made = RuleViolation(self.rule, self.article, self.message_id, self.message_en, self.field)
        made.location = self.location
        made.also = self.also
        return made

    def located(self, location: str) -> RuleViolation:
        """The same refusal, saying where in a file or form it happened."""
        located = self._copy()
        located.location = printable(location)
        located.message = located._text()
        located.args = (located.message,)
        return located


class InputError(UjikonError):
    """Input that cannot be read or does not fit its schema (a file, an option, a URL).

    :param where: the file, option or field concerned (with line/column when known).
    """

    exit_code = 2

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        super().__init__(f"{where}: {message}")


class ConflictError(UjikonError):
    """Somebody else wrote to the same subject first; nothing of this write was stored."""

    exit_code = 4

    def __init__(self, subject: str, expected: int, actual: int) -> None:
        self.subject = subject
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"Konflik pada {subject}: diharapkan versi {expected}, tetapi tersimpan versi "
            f"{actual}; orang lain telah mengubahnya lebih dulu. Muat ulang lalu ulangi. / "
            f"Conflict on {subject}: expected version {expected}, stored version {actual}; "
            f"someone else changed it first. Reload and try again."
        )


class NotFound(UjikonError):
    """A case, user, ground or decree that does not exist."""

    exit_code = 5

    def __init__(self, kind: str, ident: str, hint: str = "") -> None:
        self.kind = kind
        self.ident = ident
        extra = f" {hint}" if hint else ""
        super().__init__(f"{kind} '{ident}' tidak ditemukan / {kind} '{ident}' not found.{extra}")


class PermissionDenied(UjikonError):
    """The acting user is unknown or their role may not do this."""

    exit_code = 6


class StoreError(UjikonError):
    """The store cannot be opened or used (wrong URL, unreachable server, old schema)."""

    exit_code = 7
