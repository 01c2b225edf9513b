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
