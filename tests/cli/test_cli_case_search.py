"""``ujikon case list --search``: the same search as the web's case list."""

from __future__ import annotations

from toolkit import SAMPLES, Cli


def test_case_list_searches_the_request_number_and_the_document(ready: Cli) -> None:
    first = ready.json("case", "import", str(SAMPLES / "01-rekam-medis-pegawai.yaml"),
                       user="siti")  # fmt: skip
    ready.json("case", "import", str(SAMPLES / "02-berkas-penyidikan-ppns.yaml"), user="siti")
    found = ready.json("case", "list", "--search", "bkpsdm/arsip", user="siti")
    assert [row["case_id"] for row in found] == [first["case_id"]]
