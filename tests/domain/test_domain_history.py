"""The rules of :mod:`ujikon.domain.history`, the one "what changed" engine: how a
record reads as fields, and what counts as a change."""

from __future__ import annotations

from ujikon.domain.history import TICKED, compare, record_fields


def test_a_record_as_fields() -> None:
    data = {
        "citations": [{"ground": "17b", "analysis": "Harga  penawaran\n peserta"}],
        "subject_consent": False,
        "concerns_public_office": True,
        "statute": None,
        "note": "",
        "parts": ["Lampiran 1", "Lampiran 2"],
    }
    assert record_fields(data) == {
        "citations[0].ground": "17b",
        "citations[0].analysis": "Harga penawaran peserta",
        "concerns_public_office": TICKED,
        "parts[0]": "Lampiran 1",
        "parts[1]": "Lampiran 2",
    }
    assert TICKED == "yes"  # the value of a ticked checkbox on the web form


def test_what_changed() -> None:
    old = record_fields({"a": "satu dua tiga empat", "b": "x", "box": True})
    new = record_fields({"a": "satu dua lima empat", "c": "y"})
    changes, diff = compare(old, new)
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("a", "satu dua tiga empat", "satu dua lima empat"),
        ("b", "x", None),
        ("box", "yes", None),
        ("c", None, "y"),
    ]
    assert changes[0].runs == (("=", "satu dua"), ("-", "tiga"), ("+", "lima"), ("=", "empat"))
    assert changes[1].runs is None
    assert "- box: yes" in diff and "+ c: y" in diff
    assert compare(old, old) == ((), ())
