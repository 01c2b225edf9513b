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

from ujikon.domain.text import printable

__all__ = [
    "ConflictError",
    "InputError",
    "NotFound",
    "PermissionDenied",
    "RuleViolation",
    "StoreError",
    "UjikonError",
]


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
        super().__init__(self._text())

    def _text(self) -> str:
        where = f" [kolom/field: {self.field}]" if self.field else ""
        at = f"{self.location}: " if self.location else ""
        return (
            f"{at}Ditolak oleh aturan '{self.rule}' ({self.article}){where}: {self.message_id}\n"
            f"Refused by rule '{self.rule}' ({self.article}): {self.message_en}"
        )

    def located(self, location: str) -> RuleViolation:
        """The same refusal, saying where in a file or form it happened."""
        located = RuleViolation(
            self.rule, self.article, self.message_id, self.message_en, self.field
        )
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
