"""Addresses and messages, without a store: the recipients file and the domain, the
checks on addresses, and the message a digest becomes (UTF-8, 7-bit safe on the wire,
marked automatic)."""

from __future__ import annotations

import email
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest

from ujikon.dates import format_date_en
from ujikon.domain.roles import Role
from ujikon.domain.users import User
from ujikon.errors import InputError
from ujikon.service.deadlines import RequestDeadline
from ujikon.service.digest import (
    Digest,
    Recipients,
    RequestItem,
    compose,
    parse_address,
)


def _digest(unit: str = "Bagian Hukum") -> Digest:
    user = User(
        username="siti",
        role=Role.OFFICER,
        unit=unit,
        full_name="Siti Aminah, S.H.",
        added_by="admin",
        added_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    item = RequestItem(
        "UK-2026-0006",
        "Permohonan salinan “SK” mutasi — tahap II",
        unit,
        "045/PPID/XI/2026",
        RequestDeadline(date(2026, 11, 13), date(2026, 11, 27), 0),
    )
    return Digest(user, date(2026, 11, 27), requests=(item,))


def test_the_recipients_file_maps_usernames_and_the_domain_fills_in(tmp_path: Path) -> None:
    path = tmp_path / "recipients.yaml"
    path.write_text(
        "# alamat surel pegawai\nsiti: Siti Aminah <siti.aminah@sukamajukab.go.id>\n"
        "rina: rina@kominfo.sukamajukab.go.id\n",
        encoding="utf-8",
    )
    recipients = Recipients.load(path, "@sukamajukab.go.id")
    assert recipients.address_of("siti") == "Siti Aminah <siti.aminah@sukamajukab.go.id>"
    assert recipients.address_of("rina") == "rina@kominfo.sukamajukab.go.id"
    assert recipients.address_of("wulan") == "wulan@sukamajukab.go.id"
    assert Recipients.load(path).address_of("wulan") is None
    assert recipients.unknown(["siti", "wulan"]) == ["rina"]


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("- siti\n- rina\n", "username: address"),
        ("siti: [a, b]\n", "harus teks"),
        ("siti: bukan alamat\n", "bukan alamat surel"),
        ("siti: a@b@c.go.id\n", "bukan alamat surel"),
        ("siti: 'a@b.go.id, c@d.go.id'\n", "bukan alamat surel"),
        ("siti: [unclosed\n", "YAML"),
        ("budi: budi@a.go.id\nbudi: orang.lain@b.example\n", "budi"),
        ("siti: !!python/object/apply:os.system ['id']\n", "tag"),
    ],
    ids=["list", "not-text", "no-at", "two-ats", "two-addresses", "bad-yaml", "twice", "tag"],
)
def test_a_recipients_file_that_does_not_fit_is_refused(
    tmp_path: Path, text: str, complaint: str
) -> None:
    path = tmp_path / "recipients.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=complaint) as caught:
        Recipients.load(path)
    assert str(path) in caught.value.where


def test_a_missing_recipients_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        Recipients.load(tmp_path / "nowhere.yaml")


def test_an_empty_recipients_file_names_no_one(tmp_path: Path) -> None:
    path = tmp_path / "recipients.yaml"
    path.write_text("", encoding="utf-8")
    assert Recipients.load(path).address_of("siti") is None


def test_addresses() -> None:
    assert parse_address(" ppid@sukamajukab.go.id ", "--from") == (
        "ppid@sukamajukab.go.id",
        "ppid@sukamajukab.go.id",
    )
    assert parse_address("PPID <ppid@sukamajukab.go.id>", "--from")[1] == ("ppid@sukamajukab.go.id")
    for bad in ("", "ppid", "ppid@", "@sukamajukab.go.id", "a b@c.go.id", "a@b..go.id"):
        with pytest.raises(InputError):
            parse_address(bad, "--from")


def test_english_dates() -> None:
    assert format_date_en(date(2026, 12, 1)) == "1 December 2026"


def test_the_message_is_utf8_text_safe_for_any_relay_and_marked_automatic() -> None:
    digest = _digest()
    now = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    message = compose(digest, "siti@sukamajukab.go.id", "PPID <ppid@sukamajukab.go.id>", now)
    wire = message.as_bytes()
    assert max(wire) < 128  # 7-bit on the wire: quoted-printable
    back = email.message_from_bytes(wire, policy=default_policy)
    assert isinstance(back, EmailMessage)
    assert back["Subject"] == "[ujikon] Tenggat 27 November 2026: 0 lewat, 1 dekat / 0 past, 1 near"
    assert back["To"] == "siti@sukamajukab.go.id"
    assert back["Auto-Submitted"] == "auto-generated"
    assert back["Message-ID"].endswith("@sukamajukab.go.id>")
    assert back["Date"] == "Thu, 26 Nov 2026 23:30:00 +0000"
    assert back["X-Ujikon-Digest"] == "siti; 2026-11-27"
    assert back.get_content_type() == "text/plain" and back.get_content_charset() == "utf-8"
    text = back.get_content()
    assert text == digest.text()
    assert "Yth. Siti Aminah, S.H. (siti)" in text
    assert "Permohonan salinan “SK” mutasi — tahap II" in text
    assert "tenggat 27 November 2026 (jatuh tempo hari ini)" in text
    assert "due 27 November 2026 (due today)" in text


def test_a_wrong_sender_is_refused_before_anything_is_composed() -> None:
    with pytest.raises(InputError, match="--from"):
        compose(_digest(), "siti@sukamajukab.go.id", "ppid", datetime.now(UTC))
