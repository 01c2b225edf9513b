"""Reading the files a user hands to ujikon (case files, step files, spreadsheets): one
careful reader and one strict YAML/JSON parser, used by every file input.

Whatever the bytes, the answer is the data or an :class:`~ujikon.errors.InputError`
naming the file and, where it can, the line and the field -- never a traceback:

* only a regular file is read (a device such as ``/dev/zero``, a pipe or a socket is
  refused before a byte is read), and at most ``limit`` bytes of it;
* YAML is read by a safe loader that also refuses what a case file has no use for and
  an attacker has: a tag that is not plain data (``!!python/object/apply``, ``!!binary``,
  ``!!set``, any ``!local`` tag), an alias (``*ref``, the "billion laughs"), a key that is
  not text, the same key twice in one mapping (PyYAML would keep the last one silently),
  nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_NODES` values, a date that
  does not exist (``2026-02-30``) and a number too long to read;
* JSON gets the same checks on depth and on duplicate keys (both lines named), and
  ``NaN``/``Infinity`` are refused.

Each parse returns a :class:`Document`: the data, and the line of every key (as a dotted
path such as ``open.trigger.dated`` or ``then[0].approve``), so that a later check of the
data's shape can still say on which line the wrong field stands.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from ujikon.domain.text import printable
from ujikon.errors import InputError

__all__ = [
    "CASE_FILE_LIMIT",
    "MAX_DEPTH",
    "MAX_NODES",
    "PDF_LIMIT",
    "SPREADSHEET_LIMIT",
    "Document",
    "load_document",
    "parse_json",
    "parse_yaml",
    "read_limited",
    "read_text",
]

CASE_FILE_LIMIT = 5 * 1024 * 1024
"""The most a case file or a step file may hold (5 MiB; a real one holds a few KiB)."""

SPREADSHEET_LIMIT = 20 * 1024 * 1024
"""The most a CSV or XLSX register may hold on disk (20 MiB, some 100,000 rows)."""

PDF_LIMIT = 64 * 1024 * 1024
"""The most a PDF to verify may hold (64 MiB; a signed decree of a hundred cases holds
well under 1 MiB)."""

MAX_DEPTH = 32
"""How deeply lists and mappings may nest (a case file needs 5 levels)."""

MAX_NODES = 100_000
"""How many values (scalars, lists, mappings) one YAML file may hold."""

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass(frozen=True)
class Document:
    """What a YAML or JSON file holds, and where its keys stand."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    """Line (1-based) of every mapping key and list item, by dotted path."""

    def line_of(self, path: str) -> int | None:
        """The line of ``path`` or, failing that, of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def read_limited(path: Path, *, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, if it holds at most ``limit`` of them.

    :raises InputError: no such file, a directory, not a regular file (a device, pipe or
        socket: refused before reading, so ``/dev/zero`` or a FIFO cannot hang the
        command), unreadable, or larger than ``limit``.
    """
    source = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(
            source, f"tidak dapat dibaca / cannot be read: {exc.strerror or exc}"
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(source, "ini sebuah direktori, bukan berkas / is a directory")
        if not stat.S_ISREG(mode):
            raise InputError(
                source,
                "bukan berkas biasa (perangkat, pipa atau soket), tidak dibaca / not a regular "
                "file (a device, pipe or socket), not read",
            )
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError(
            source, f"tidak dapat dibaca / cannot be read: {exc.strerror or exc}"
        ) from None
    finally:
        os.close(fd)
    if total > limit:
        raise InputError(
            source,
            f"berkas terlalu besar (lebih dari {_size(limit)}) / file too large (more than "
            f"{_size(limit)})",
        )
    return b"".join(chunks)


def read_text(path: Path, *, limit: int | None = None) -> str:
    """The UTF-8 text of the file at ``path`` (a leading BOM dropped); see :func:`read_limited`.

    :param limit: at most this many bytes; :data:`CASE_FILE_LIMIT` by default.
    :raises InputError: as :func:`read_limited`, or not UTF-8 (the line named).
    """
    data = read_limited(path, limit=CASE_FILE_LIMIT if limit is None else limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}", "bukan teks UTF-8 / not UTF-8 text") from None


def load_document(path: Path, *, limit: int | None = None) -> Document:
    """The document in a YAML file, or a JSON one when its name ends in ``.json``."""
    text = read_text(path, limit=limit)
    if path.suffix.lower() == ".json":
        return parse_json(text, str(path))
    return parse_yaml(text, str(path))


# --------------------------------------------------------------------------- YAML


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _StrictComposer(Composer):
    """PyYAML's composer, refusing aliases and counting depth and nodes as it goes (the
    composer is recursive: the depth is checked before Python's own limit is near)."""

    def __init__(self) -> None:
        Composer.__init__(self)  # not super(): with SafeLoader, the next class is a Reader
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent):
            raise _Refused(
                event.start_mark,
                f"alias YAML '*{printable(str(event.anchor))}' tidak didukung; tulis nilainya "
                "lengkap / YAML aliases are not supported; write the value out",
            )
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(
                event.start_mark,
                f"terlalu banyak nilai (lebih dari {MAX_NODES}) / too many values (more than "
                f"{MAX_NODES})",
            )
        nests = isinstance(event, SequenceStartEvent | MappingStartEvent)
        if nests:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    event.start_mark,
                    f"bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat) / nested too "
                    f"deeply (more than {MAX_DEPTH} levels)",
                )
        try:
            return super().compose_node(parent, index)
        finally:
            if nests:
                self._depth -= 1


try:  # libyaml's parser (events only; the composing stays ours): some 20 times faster
    from yaml._yaml import CParser

    _LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _LIBYAML = False

if _LIBYAML:

    class _Loader(_StrictComposer, CParser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _StrictComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

else:  # pragma: no cover - PyYAML without libyaml

    class _Loader(_StrictComposer, yaml.SafeLoader):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.SafeLoader.__init__(self, stream)
            _StrictComposer.__init__(self)


def _tag(tag: str) -> str:
    return printable("!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag)


class _Walk:
    """Checks a composed node tree before any Python value is made of it."""

    def __init__(self, loader: _Loader, source: str) -> None:
        self.loader = loader
        self.source = source
        self.lines: dict[str, int] = {}

    def refuse(self, node: Node, path: str, message: str) -> InputError:
        mark = node.start_mark
        at = f" (kolom/field {printable(path)})" if path else ""
        return InputError(f"{self.source}:{mark.line + 1}:{mark.column + 1}", message + at)

    def node(self, node: Node, path: str) -> None:
        if isinstance(node, ScalarNode):
            self.scalar(node, path)
        elif isinstance(node, SequenceNode):
            self.collection(node, path, f"{_CORE}seq")
            for i, item in enumerate(node.value):
                self.lines.setdefault(f"{path}[{i}]", item.start_mark.line + 1)
                self.node(item, f"{path}[{i}]")
        elif isinstance(node, MappingNode):
            self.collection(node, path, f"{_CORE}map")
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = self.key(key, path)
                line = key.start_mark.line + 1
                if name in seen:
                    raise self.refuse(
                        key,
                        path,
                        f"kunci '{printable(name)}' ditulis dua kali, di baris {seen[name]} dan "
                        f"baris {line}; hapus salah satu / the key '{printable(name)}' appears "
                        f"twice, on line {seen[name]} and on line {line}; remove one",
                    )
                seen[name] = line
                child = f"{path}.{name}" if path else name
                self.lines[child] = line
                self.node(value, child)

    def collection(self, node: Node, path: str, tag: str) -> None:
        if node.tag != tag:
            raise self.refuse(node, path, self.bad_tag(node.tag))

    @staticmethod
    def bad_tag(tag: str) -> str:
        return (
            f"tag YAML '{_tag(tag)}' tidak diizinkan; berkas kasus hanya memuat teks, angka, "
            f"tanggal, daftar dan pemetaan / the YAML tag '{_tag(tag)}' is not allowed; a "
            "case file holds only text, numbers, dates, lists and mappings"
        )

    def key(self, key: Node, path: str) -> str:
        if isinstance(key, ScalarNode) and key.tag == f"{_CORE}str":
            return str(key.value)
        if isinstance(key, ScalarNode) and key.tag == f"{_CORE}merge":
            message = "kunci gabungan '<<' tidak didukung / merge keys '<<' are not supported"
        else:
            shown = printable(str(key.value))[:40] if isinstance(key, ScalarNode) else "…"
            message = (
                f"kunci '{shown}' harus berupa teks; beri tanda kutip, mis. \"{shown}\": / the "
                f"key '{shown}' must be text; put it in quotes"
            )
        raise self.refuse(key, path, message)

    def scalar(self, node: ScalarNode, path: str) -> None:
        if node.tag not in _SCALAR_TAGS:
            raise self.refuse(node, path, self.bad_tag(node.tag))
        try:
            if node.tag == f"{_CORE}timestamp":
                self.loader.construct_yaml_timestamp(node)
            elif node.tag == f"{_CORE}int":
                self.loader.construct_yaml_int(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            shown = printable(str(node.value))
            shown = shown if len(shown) <= 60 else shown[:60] + "…"
            if node.tag == f"{_CORE}timestamp":
                message = (
                    f"'{shown}' bukan tanggal yang ada (TTTT-BB-HH) / is not a real date "
                    "(YYYY-MM-DD)"
                )
            else:
                message = f"angka '{shown}' tidak terbaca / the number cannot be read"
            raise self.refuse(node, path, message) from None


def _yaml_error(exc: yaml.YAMLError, source: str, text: str) -> InputError:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        where = f"{source}:{mark.line + 1}:{mark.column + 1}"
    elif isinstance(getattr(exc, "position", None), int):
        where = f"{source}:{text.count(chr(10), 0, exc.position) + 1}"  # type: ignore[attr-defined]
    else:
        where = source
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character
        code = char if isinstance(char, int) else ord(char) if isinstance(char, str) else 0
        problem = f"karakter U+{code:04X} tidak diizinkan / character U+{code:04X} not allowed"
    else:
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        problem = f"{context}, {problem}" if context else problem
        if "nesting depth" in str(problem):  # libyaml's own limit, reached while scanning
            problem = "bersarang terlalu dalam / nested too deeply"
    return InputError(where, f"YAML tidak valid / malformed YAML: {printable(str(problem))}")


def parse_yaml(text: str, source: str = "<yaml>") -> Document:
    """The document in YAML ``text``, read strictly (see the module's docstring).

    :raises InputError: naming ``source``, the line and column, and the field.
    """
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML without libyaml
        raise _yaml_error(exc, source, text) from None
    try:
        try:
            node = loader.get_single_node()
        except _Refused as exc:
            mark = exc.mark
            raise InputError(f"{source}:{mark.line + 1}:{mark.column + 1}", exc.message) from None
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, source, text) from None
        except RecursionError:  # pragma: no cover - MAX_DEPTH stops well before
            raise InputError(source, "bersarang terlalu dalam / nested too deeply") from None
        if node is None:
            return Document(None)
        walk = _Walk(loader, source)
        walk.node(node, "")
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, source, text) from None
        except (ValueError, TypeError, OverflowError) as exc:  # pragma: no cover - walked
            raise InputError(source, f"YAML tidak terbaca / unreadable YAML: {exc}") from None
        return Document(data, walk.lines)
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- JSON

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_TOKEN = re.compile(rf"(?P<key>{_STRING})\s*:|(?P<str>{_STRING})|(?P<tok>[\[\]{{}},])")


@dataclass
class _Frame:
    path: str
    is_object: bool
    keys: dict[str, int] = field(default_factory=dict)
    key: str | None = None
    index: int = 0

    def child(self) -> str:
        if self.is_object:
            name = self.key or ""
            return f"{self.path}.{name}" if self.path else name
        return f"{self.path}[{self.index}]"


def _scan_json(text: str, source: str) -> tuple[dict[str, int], InputError | None]:
    """Lines of the keys by path, and the first duplicate key (raised once the text has
    parsed). Nesting deeper than :data:`MAX_DEPTH` is refused at once: the parser
    itself would recurse until Python's limit."""
    lines: dict[str, int] = {}
    duplicate: InputError | None = None
    stack: list[_Frame] = []
    line, last = 1, 0
    values = 0
    for match in _TOKEN.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        token = match.group("tok")
        if match.group("key") is None and token not in ("]", "}"):
            values += 1  # a string, a list or an object, or the value after a comma
            if values > MAX_NODES:
                raise InputError(
                    f"{source}:{line}",
                    f"terlalu banyak nilai (lebih dari {MAX_NODES}) / too many values (more "
                    f"than {MAX_NODES})",
                )
        top = stack[-1] if stack else None
        if match.group("key") is not None and top is not None and top.is_object:
            try:
                name = json.loads(match.group("key"))
            except ValueError:
                continue
            if not isinstance(name, str):  # pragma: no cover - a JSON string is text
                continue
            if name in top.keys and duplicate is None:
                first = top.keys[name]
                duplicate = InputError(
                    f"{source}:{line}",
                    f"kunci '{printable(name)}' ditulis dua kali dalam satu objek, di baris "
                    f"{first} dan baris {line}; hapus salah satu / the key '{printable(name)}' "
                    f"appears twice in one object, on line {first} and on line {line}; "
                    "remove one",
                )
            top.keys.setdefault(name, line)
            top.key = name
            lines.setdefault(top.child(), line)
        elif token in ("[", "{"):
            path = top.child() if top is not None else ""
            if top is not None and not top.is_object:
                lines.setdefault(path, line)
            if len(stack) >= MAX_DEPTH:
                raise InputError(
                    f"{source}:{line}",
                    f"bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat) / nested too "
                    f"deeply (more than {MAX_DEPTH} levels)",
                )
            stack.append(_Frame(path, token == "{"))
        elif token in ("]", "}"):
            if stack:
                stack.pop()
        elif token == "," and top is not None and not top.is_object:
            top.index += 1
    return lines, duplicate


def _no_constant(name: str) -> Any:
    raise ValueError(f"'{name}' bukan angka JSON / is not a JSON number")


def parse_json(text: str, source: str = "<json>") -> Document:
    """The document in JSON ``text``, read strictly (see the module's docstring).

    :raises InputError: naming ``source``, the line (and column) and what is wrong.
    """
    lines, duplicate = _scan_json(text, source)
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}:{exc.lineno}:{exc.colno}",
            f"JSON tidak valid / malformed JSON: {printable(exc.msg)}",
        ) from None
    except RecursionError:  # pragma: no cover - the scan stops well before
        raise InputError(source, "bersarang terlalu dalam / nested too deeply") from None
    except ValueError as exc:  # NaN, Infinity, an integer of thousands of digits
        problem = str(exc) if "JSON" in str(exc) else "angka terlalu panjang / number too long"
        raise InputError(source, f"JSON tidak terbaca / unreadable JSON: {problem}") from None
    if duplicate is not None:
        raise duplicate
    return Document(data, lines)
