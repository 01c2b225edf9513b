"""What a decree's QR code carries: the body's verification page with the number and
the decision's hash when the profile names the page, the plain text form otherwise; and
the profile refuses an address a phone should not be sent to."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ujikon.documents.compose import parse_qr_text, qr_caption, qr_text
from ujikon.domain.body import BodyProfile

DIGEST = "ab" * 32
NUMBER = "188.4/007/PPID/XII/2026"


def test_without_a_page_the_code_is_the_text_form() -> None:
    assert qr_text(NUMBER, DIGEST) == f"UJIKON-SK/1;{NUMBER};sha256={DIGEST}"
    assert qr_caption("") == "Pindai untuk memeriksa keaslian"


def test_with_a_page_the_code_is_its_address_carrying_number_and_hash() -> None:
    text = qr_text(NUMBER, DIGEST, "https://ppid.sukamajukab.go.id/cek")
    assert text == (
        f"https://ppid.sukamajukab.go.id/cek?nomor=188.4%2F007%2FPPID%2FXII%2F2026&sha256={DIGEST}"
    )
    assert qr_caption("https://ppid.sukamajukab.go.id/cek") == (
        "Pindai untuk memeriksa keaslian di ppid.sukamajukab.go.id/cek"
    )


@pytest.mark.parametrize(
    "page", ["", "https://ppid.sukamajukab.go.id/cek", "http://10.0.0.5:8080/cek"]
)
def test_either_form_reads_back_to_number_and_hash(page: str) -> None:
    assert parse_qr_text(qr_text(NUMBER, DIGEST, page)) == (NUMBER, DIGEST)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "UJIKON-SK/1;188.4/1;sha256=xyz",
        f"UJIKON-SK/1;;sha256={DIGEST}",
        f"ftp://host/cek?nomor=1&sha256={DIGEST}",
        "https://host/cek?nomor=1",
        f"javascript:alert(1)//?nomor=1&sha256={DIGEST}",
    ],
)
def test_anything_else_reads_as_no_code(text: str) -> None:
    assert parse_qr_text(text) is None


@pytest.mark.parametrize(
    "page",
    [
        "ppid.sukamajukab.go.id/cek",
        "javascript:alert(1)",
        "https://ppid.sukamajukab.go.id/cek?x=1",
        "https://ppid.sukamajukab.go.id/cek#top",
        "https://user@ppid.sukamajukab.go.id/cek",
    ],
)
def test_the_profile_refuses_a_page_that_is_not_a_plain_web_address(page: str) -> None:
    with pytest.raises(ValidationError, match="verification_url"):
        BodyProfile(name="Pemerintah Kabupaten Sukamaju", place="Sukamaju", verification_url=page)
