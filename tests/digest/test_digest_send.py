"""``ujikon digest send`` against a real SMTP server (aiosmtpd on 127.0.0.1, started by the
test): one message per user with something to report, the subject and body each user
should get, users without an address skipped, and a refused recipient or a relay that
does not answer reported as failed (exit 1) while the others are still sent. Both store
backends."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from digest_support import (
    AS_OF,
    TITLES,
    Office,
    SmtpServer,
    TlsFiles,
    digest_cli,
    free_port,
)

from ujikon.errors import InputError
from ujikon.service.digest import SmtpSettings, build_digests, outbox, send_digests

SENDER = "PPID Kabupaten Sukamaju <ppid@sukamajukab.go.id>"
DIGEST_USERS = ["budi", "hendra", "rina", "siti", "wulan"]


def _send(*extra: str) -> list[str]:
    return ["digest", "send", "--as-of", AS_OF.isoformat(), "--from", SENDER, *extra]


def _relay(server: SmtpServer) -> list[str]:
    return ["--smtp-host", server.host, "--smtp-port", str(server.port)]


def test_each_user_with_something_to_report_gets_one_message(
    office: Office, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    run = digest_cli(office, tmp_path / "ws")
    result = run(*_send("--domain", "sukamajukab.go.id", *_relay(smtp_server)))
    box = smtp_server.mailbox
    assert box.recipients == {f"{u}@sukamajukab.go.id" for u in DIGEST_USERS}
    assert len(box.received) == len(DIGEST_USERS)
    assert {m.mail_from for m in box.received} == {"ppid@sukamajukab.go.id"}

    siti = box.to("siti@sukamajukab.go.id")
    assert siti.message["Subject"] == (
        "[ujikon] Tenggat 25 November 2026: 1 lewat, 2 dekat / 1 past, 2 near"
    )
    assert siti.message["To"] == "siti@sukamajukab.go.id"
    assert siti.message["From"] == SENDER
    assert siti.message["Auto-Submitted"] == "auto-generated"
    assert siti.message.get_content_charset() == "utf-8"
    body = siti.text
    assert body.startswith("Yth. siti")
    assert body.index("Yth. siti") < body.index("Dear siti")
    assert TITLES["hukum_near"] in body and TITLES["hukum_ending"] in body
    assert "tenggat 27 November 2026 (2 hari kerja lagi)" in body
    assert TITLES["bpkad_near"] not in body and TITLES["sosial_review"] not in body

    rina = box.to("rina@sukamajukab.go.id")
    assert rina.message["Subject"].startswith(
        "[ujikon] Tenggat 25 November 2026: 3 lewat, 4 dekat, 1 menunggu tinjauan"
    )
    for key in ("hukum_late", "bpkad_near", "bpkad_ended", "sosial_review"):
        assert TITLES[key] in rina.text, key

    output = " ".join(result.output.split())
    assert "5 terkirim / sent, 0 dilewati / skipped, 0 gagal / failed" in output
    assert "nothing to report, no mail: agus" in output
    assert "dewi (auditor)" in output


def test_users_without_an_address_are_skipped_and_named(
    office: Office, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    recipients = tmp_path / "recipients.yaml"
    recipients.write_text(
        "siti: Siti Aminah <siti.aminah@sukamajukab.go.id>\n"
        "rina: rina.ppid@sukamajukab.go.id\n"
        "agus: agus@sukamajukab.go.id\n"
        "sity: typo@sukamajukab.go.id\n",
        encoding="utf-8",
    )
    run = digest_cli(office, tmp_path / "ws")
    result = run(*_send("--recipients", str(recipients), *_relay(smtp_server)))
    box = smtp_server.mailbox
    assert box.recipients == {"siti.aminah@sukamajukab.go.id", "rina.ppid@sukamajukab.go.id"}
    assert box.to("siti.aminah@sukamajukab.go.id").message["To"] == (
        "Siti Aminah <siti.aminah@sukamajukab.go.id>"
    )
    output = " ".join(result.output.split())
    assert "2 terkirim / sent, 3 dilewati / skipped, 0 gagal / failed" in output
    for name in ("budi", "hendra", "wulan"):
        assert f"dilewati / skipped {name}: tidak ada alamat" in output
    assert "not users of this workspace, ignored: sity" in output


def test_the_file_wins_and_the_domain_fills_in(
    office: Office, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    recipients = tmp_path / "recipients.yaml"
    recipients.write_text("hendra: bupati@sukamajukab.go.id\n", encoding="utf-8")
    run = digest_cli(office, tmp_path / "ws")
    run(
        *_send("--recipients", str(recipients), "--domain", "sukamajukab.go.id"),
        *_relay(smtp_server),
    )
    assert smtp_server.mailbox.recipients == {
        "bupati@sukamajukab.go.id",
        *(f"{u}@sukamajukab.go.id" for u in DIGEST_USERS if u != "hendra"),
    }


def test_a_refused_recipient_fails_alone_and_the_others_are_sent(
    office: Office, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    smtp_server.mailbox.refuse = {"wulan@sukamajukab.go.id"}
    run = digest_cli(office, tmp_path / "ws")
    result = run(*_send("--domain", "sukamajukab.go.id", *_relay(smtp_server)), code=1)
    box = smtp_server.mailbox
    assert box.recipients == {f"{u}@sukamajukab.go.id" for u in DIGEST_USERS if u != "wulan"}
    output = " ".join(result.output.split())
    assert "4 terkirim / sent, 0 dilewati / skipped, 1 gagal / failed" in output
    assert "GAGAL / failed wulan → wulan@sukamajukab.go.id: penerima ditolak / recipient " in (
        output
    )
    assert "550 5.1.1" in output
    assert "1 ringkasan tidak terkirim" in output


def test_a_relay_that_does_not_answer_fails_everyone_with_exit_1(
    office: Office, tmp_path: Path
) -> None:
    port = free_port()  # nobody listens on it
    run = digest_cli(office, tmp_path / "ws")
    relay = ["--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
    result = run(*_send("--domain", "sukamajukab.go.id", *relay, "--json"), code=1)

    report = json.loads(result.stdout)
    assert (report["ok"], report["sent"], report["failed"]) == (False, 0, 5)
    assert {d["user"] for d in report["deliveries"]} == set(DIGEST_USERS)
    assert all(f"127.0.0.1:{port}" in d["detail"] for d in report["deliveries"])
    assert report["nothing_to_report"] == ["agus"]


def test_a_dry_run_prints_the_messages_and_sends_nothing(
    office: Office, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    run = digest_cli(office, tmp_path / "ws")
    result = run(*_send("--domain", "sukamajukab.go.id", "--dry-run"))
    assert smtp_server.mailbox.received == []
    out = result.output
    assert "dry run, nothing sent: 5" in " ".join(out.split())
    assert "To: siti@sukamajukab.go.id" in out
    assert "Subject: [ujikon] Tenggat 25 November 2026: 1 lewat, 2 dekat / 1 past, 2 near" in out
    assert f"From: {SENDER}" in out
    assert "tenggat 27 November 2026 (2 hari kerja lagi)" in out


def test_every_setting_can_come_from_the_environment(
    office: Office, smtp_server: SmtpServer, tmp_path: Path
) -> None:
    run = digest_cli(office, tmp_path / "ws")
    run(
        "digest",
        "send",
        "--as-of",
        AS_OF.isoformat(),
        env_extra={
            "UJIKON_SMTP_HOST": smtp_server.host,
            "UJIKON_SMTP_PORT": str(smtp_server.port),
            "UJIKON_SMTP_FROM": "ppid@sukamajukab.go.id",
            "UJIKON_DIGEST_DOMAIN": "pemda.example.go.id",
        },
    )
    assert smtp_server.mailbox.recipients == {f"{u}@pemda.example.go.id" for u in DIGEST_USERS}


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (["--domain", "x.go.id"], {}, "--smtp-host"),
        (["--smtp-host", "127.0.0.1"], {}, "--recipients / --domain"),
        (
            ["--smtp-host", "127.0.0.1", "--domain", "x.go.id", "--smtp-user", "u"],
            {},
            "UJIKON_SMTP_PASSWORD",
        ),
        (
            ["--smtp-host", "127.0.0.1", "--domain", "x.go.id"],
            {"UJIKON_SMTP_PASSWORD": "p"},
            "--smtp-user",
        ),
        (["--smtp-host", "127.0.0.1", "--domain", "not a domain"], {}, "--domain"),
    ],
    ids=[
        "no-relay",
        "no-addresses",
        "user-without-password",
        "password-without-user",
        "bad-domain",
    ],
)
def test_settings_that_cannot_work_stop_before_anything_is_sent(
    office: Office, tmp_path: Path, args: list[str], env: dict[str, str], named: str
) -> None:
    run = digest_cli(office, tmp_path / "ws")
    result = run(*_send(*args), code=2, env_extra=env)
    assert named in " ".join(result.output.split())


def test_starttls_and_a_log_in_with_the_password_from_the_settings(
    office: Office, tls_smtp_server: tuple[SmtpServer, TlsFiles]
) -> None:
    server, files = tls_smtp_server
    run = build_digests(office.service, AS_OF)
    now = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    messages = outbox(run, _domain("sukamajukab.go.id"), SENDER, now)
    settings = SmtpSettings(
        server.host,
        server.port,
        starttls=True,
        username="ujikon",
        password="rahasia-relay",
        timeout=10,
        tls_context=files.client_context(),
    )
    report = send_digests(messages, settings, as_of=AS_OF)
    assert report.ok and len(report.sent) == 5
    assert server.mailbox.logins == ["ujikon"]  # one session for every message
    assert server.mailbox.recipients == {f"{u}@sukamajukab.go.id" for u in DIGEST_USERS}


def test_a_refused_log_in_fails_everyone_once(
    office: Office, tls_smtp_server: tuple[SmtpServer, TlsFiles]
) -> None:
    server, files = tls_smtp_server
    run = build_digests(office.service, AS_OF)
    messages = outbox(run, _domain("sukamajukab.go.id"), SENDER, datetime.now(UTC))
    settings = SmtpSettings(
        server.host,
        server.port,
        starttls=True,
        username="ujikon",
        password="salah",
        timeout=10,
        tls_context=files.client_context(),
    )
    report = send_digests(messages, settings, as_of=AS_OF)
    assert not report.ok and len(report.failed) == 5
    assert "535" in report.failed[0].detail
    assert server.mailbox.received == []


def test_without_starttls_a_relay_that_requires_it_refuses(
    office: Office, tls_smtp_server: tuple[SmtpServer, TlsFiles]
) -> None:
    server, _ = tls_smtp_server
    run = build_digests(office.service, AS_OF)
    messages = outbox(run, _domain("sukamajukab.go.id"), SENDER, datetime.now(UTC))
    report = send_digests(messages, SmtpSettings(server.host, server.port, timeout=10), as_of=AS_OF)
    assert len(report.failed) == 5 and server.mailbox.received == []


def test_settings_are_checked_before_any_connection() -> None:
    with pytest.raises(InputError, match="UJIKON_SMTP_PASSWORD"):
        send_digests([], SmtpSettings("relay", 25, username="u"), as_of=AS_OF)


def _domain(domain: str):  # type: ignore[no-untyped-def]
    from ujikon.service.digest import Recipients

    return Recipients(domain=domain)
