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
from collections.abc import Iterable, Mapping
from typing import Any

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
    "schema_message",
    "schema_text",
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
        kind_id, _, kind_en = kind.partition("/")
        self.message_id = f"{kind_id} '{ident}' tidak ditemukan."
        """The message in Bahasa Indonesia alone, without a command-line hint (for a page)."""
        self.message_en = f"{kind_en or kind_id} '{ident}' not found."
        extra = f" {hint}" if hint else ""
        super().__init__(f"{kind} '{ident}' tidak ditemukan / {kind} '{ident}' not found.{extra}")


class PermissionDenied(UjikonError):
    """The acting user is unknown or their role may not do this."""

    exit_code = 6


class StoreError(UjikonError):
    """The store cannot be opened or used (wrong URL, unreachable server, old schema)."""

    exit_code = 7


# -- the schema's messages in Bahasa Indonesia ------------------------------------------------


def schema_message(err: Mapping[str, Any]) -> tuple[str, str]:
    """One schema error (a pydantic error dict: ``type``, ``msg``, ``ctx``) as a message in
    Bahasa Indonesia and English, without the library's wording ("Field required",
    "String should have at least 3 characters"). A message of ujikon's own validators
    (``value_error``) is kept as written (it is bilingual already)."""
    kind = str(err.get("type", ""))
    ctx = err.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return "Wajib diisi.", "Required."
    if kind == "string_too_short":
        n = ctx.get("min_length")
        return f"Terlalu pendek (paling sedikit {n} karakter).", f"Too short (at least {n})."
    if kind == "string_too_long":
        n = ctx.get("max_length")
        return f"Terlalu panjang (paling banyak {n} karakter).", f"Too long (at most {n})."
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"Isi sedikitnya {n}.", f"Give at least {n}."
    if kind == "too_long":
        n = ctx.get("max_length")
        return f"Paling banyak {n}.", f"At most {n}."
    if kind in {"enum", "literal_error"}:
        expected = str(ctx.get("expected", "")).replace(" or ", " atau ")
        tail_id = f" ({expected})" if expected else ""
        return f"Pilih salah satu pilihan{tail_id}.", "Choose one of the options" + (
            f" ({ctx.get('expected')})." if expected else "."
        )
    if kind == "string_pattern_mismatch":
        return "Bentuknya tidak sesuai.", "Not in the expected form."
    if kind.startswith(("date", "datetime")):
        return "Tanggal tidak sah (TTTT-BB-HH).", "Not a valid date (YYYY-MM-DD)."
    if kind.startswith(("int", "float", "decimal")):
        return "Harus berupa angka.", "Must be a number."
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bound = next(iter(ctx.values()), "")
        word_id = {
            "greater_than": "lebih dari",
            "greater_than_equal": "sedikitnya",
            "less_than": "kurang dari",
            "less_than_equal": "paling banyak",
        }[kind]
        return f"Harus {word_id} {bound}.", f"Must be {kind.replace('_', ' ')} {bound}."
    if kind.startswith("bool"):
        return "Harus ya atau tidak.", "Must be yes or no."
    if kind in {"string_type", "list_type", "dict_type", "model_type", "model_attributes_type"}:
        return "Jenis isian tidak sesuai.", "Not the expected kind of value."
    if kind == "extra_forbidden":
        return "Isian tidak dikenal.", "Unknown field."
    message = (
        str(err.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    )
    return message, message


def schema_text(errors: Iterable[Mapping[str, Any]], whole: str = "(data)") -> str:
    """Schema errors as one line each: ``field: pesan / message``; ``whole`` names an
    error about the input as a whole."""
    lines = []
    for err in errors:
        where = ".".join(str(x) for x in err.get("loc", ())) or whole
        message_id, message_en = schema_message(err)
        both = message_id if message_id == message_en else f"{message_id} / {message_en}"
        lines.append(f"{where}: {both}")
    return "; ".join(lines)
