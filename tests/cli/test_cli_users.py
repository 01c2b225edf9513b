"""``ujikon user set|deactivate|activate``: an admin keeps the users' profiles as events;
the jabatan reaches the berita acara, a deactivated user is refused at once."""

from __future__ import annotations

import subprocess
from pathlib import Path

from toolkit import SAMPLES, Cli, flat


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return flat(done.stdout)


def test_user_set_changes_only_what_is_given(ready: Cli) -> None:
    ready("user", "set", "siti", "--full-name", "Siti Aminah, S.H.", "--position",
          "Analis Hukum Ahli Muda", "--nip", "198503122010012003", user="admin")  # fmt: skip
    users = {u["username"]: u for u in ready.json("user", "list")}
    assert users["siti"]["full_name"] == "Siti Aminah, S.H."
    assert users["siti"]["position"] == "Analis Hukum Ahli Muda"
    assert (users["siti"]["role"], users["siti"]["unit"]) == ("officer", "Bagian Hukum")


def test_user_set_without_a_field_or_by_a_non_admin_is_refused(ready: Cli) -> None:
    assert "sebutkan yang diubah" in flat(ready("user", "set", "siti", user="admin", code=2).output)
    refused = ready("user", "set", "siti", "--unit", "BPKAD", user="budi", code=3)
    assert "admin-manages-users" in flat(refused.output)


def test_the_berita_acara_names_the_team_by_full_name_nip_and_position(
    ready: Cli, tmp_path: Path
) -> None:
    ready("user", "set", "siti", "--full-name", "Siti Aminah, S.H.", "--position",
          "Analis Hukum Ahli Muda", "--nip", "198503122010012003", user="admin")  # fmt: skip
    imported = ready.json("case", "import", str(SAMPLES / "02-berkas-penyidikan-ppns.yaml"),
                          user="siti")  # fmt: skip
    target = tmp_path / "ba.pdf"
    ready("case", "sheet", imported["case_id"], "--out", str(target), user="siti")
    text = _pdf_text(target)
    assert "Siti Aminah, S.H." in text
    assert "Analis Hukum Ahli Muda" in text
    assert "198503122010012003" in text


def test_a_deactivated_user_is_refused_and_an_activated_one_acts_again(ready: Cli) -> None:
    ready("user", "deactivate", "agus", "--reason", "mutasi", user="admin")
    refused = ready("case", "new", "--trigger", "proactive", "--summary", "Uji", user="agus",
                    code=6)  # fmt: skip
    assert "dinonaktifkan" in flat(refused.output)
    listed = {u["username"]: u for u in ready.json("user", "list")}
    assert listed["agus"]["active"] is False
    ready("user", "activate", "agus", user="admin")
    ready("case", "new", "--trigger", "proactive", "--summary", "Uji", user="agus")


def test_the_last_admin_cannot_deactivate_themself(ready: Cli) -> None:
    refused = ready("user", "deactivate", "admin", user="admin", code=3)
    assert "satu-satunya admin" in flat(refused.output)
