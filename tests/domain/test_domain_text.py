"""Every text a domain model takes can be stored and hashed: a NUL character or half of a
surrogate pair is refused where the model is read, naming the field, whoever calls."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ujikon.domain.body import BodyProfile
from ujikon.domain.payloads import OpenCase
from ujikon.domain.users import AddUser

BAD = ["Permohonan\x00salinan", "Permohonan \ud800 salinan"]


@pytest.mark.parametrize("text", BAD)
def test_a_payload_refuses_unstorable_text(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        OpenCase.model_validate({"trigger": {"kind": "proactive", "note": text}})
    assert refused.value.errors()[0]["loc"] == ("trigger", "note")


@pytest.mark.parametrize("text", BAD)
def test_a_body_profile_and_a_user_refuse_it_too(text: str) -> None:
    with pytest.raises(ValidationError):
        BodyProfile.model_validate({"name": text, "place": "Sukamaju"})
    with pytest.raises(ValidationError):
        AddUser.model_validate({"username": "siti", "role": "officer", "full_name": text})


def test_ordinary_indonesian_text_passes() -> None:
    case = OpenCase.model_validate(
        {"trigger": {"kind": "proactive", "note": "Reviu DIK — “tahunan” ✓"}}
    )
    assert case.trigger.note == "Reviu DIK — “tahunan” ✓"


# -- rule storable-text: characters that act on the reader instead of being read ----------

DRIVES_THE_READER = [
    ("\x1b[2J", 0x1B),  # clear the screen
    ("\x1b]0;PPID disetujui\x07", 0x1B),  # retitle the terminal window (OSC)
    ("\x9b2J", 0x9B),  # the one-character CSI
    ("Dokumen\rDISETUJUI", 0x0D),  # a lone CR overwrites the line
    ("x\x08\x08", 0x08),
    ("x\x7f", 0x7F),
]
DRIVES_THE_READER += [(f"gaji{chr(c)}fdp.exe", c) for c in range(0x202A, 0x202F)]
DRIVES_THE_READER += [(f"a{chr(c)}b", c) for c in range(0x2066, 0x206A)]
DRIVES_THE_READER += [(f"si{chr(c)}ti", c) for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)]


@pytest.mark.parametrize(("text", "code"), DRIVES_THE_READER)
def test_control_bidi_and_zero_width_characters_are_refused(text: str, code: int) -> None:
    with pytest.raises(ValidationError) as refused:
        OpenCase.model_validate({"trigger": {"kind": "proactive", "note": text}})
    error = refused.value.errors()[0]
    assert error["loc"] == ("trigger", "note")
    assert "[storable-text]" in error["msg"]
    assert "'note'" in error["msg"]
    assert f"U+{code:04X}" in error["msg"]


def test_lists_and_nested_models_are_checked_too() -> None:
    from ujikon.domain.payloads import Identify

    with pytest.raises(ValidationError) as refused:
        Identify.model_validate(
            {
                "document": {"title": "T", "owning_unit": "U", "dated": "2026-01-05",
                             "form": "printed"},
                "information": "Isi",
                "scope": "part",
                "parts": ["Lampiran 1", "Lampiran\u202e 2"],
            }
        )  # fmt: skip
    assert "U+202E" in str(refused.value)


def test_newlines_tabs_and_crlf_stay() -> None:
    text = "Paragraf satu.\r\n\tParagraf dua: “kutipan” — 17h2; Rp1.000,00 ✓ ā é"
    case = OpenCase.model_validate({"trigger": {"kind": "proactive", "note": text}})
    assert case.trigger.note == text


def test_printable_writes_the_dangerous_characters_out() -> None:
    from ujikon.domain.text import printable

    assert printable("a\x1b[2Jb\x1b]0;t\x07") == "a\\x1b[2Jb\\x1b]0;t\\x07"
    assert printable("gaji\u202efdp.exe\u200b") == "gaji\\u202efdp.exe\\u200b"
    assert printable("x\x9by\rz") == "x\\x9by\\x0dz"
    ordinary = "Baris satu\n\tbaris dua — “ok” ✓"
    assert printable(ordinary) is ordinary
