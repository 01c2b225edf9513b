"""Helpers of the case-page tests: a case's steps as form fields (the values of sample
01, "Berkas kepegawaian yang memuat rekam medis pegawai"), posting them, and reading
a page's forms the way a browser (and a screen reader) would."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient
from web_support import post_form

__all__ = [
    "CITE",
    "CONCLUDE",
    "HARM",
    "IDENTIFY",
    "OPEN",
    "STEPS",
    "SUBMIT",
    "WEIGH",
    "PageForms",
    "act",
    "open_case",
    "save_draft",
    "walk",
]

OPEN = {
    "trigger.kind": "request",
    "trigger.reference": "045/PPID/X/2026",
    "trigger.dated": "2026-10-05",
    "trigger.note": "Permohonan salinan berkas kepegawaian oleh pihak ketiga.",
    "summary": "Berkas kepegawaian yang memuat rekam medis pegawai",
}
IDENTIFY = {
    "document.title": "Berkas Kepegawaian a.n. Pegawai NIP 19800101 200501 1 001",
    "document.owning_unit": "Badan Kepegawaian dan Pengembangan SDM",
    "document.dated": "2025-03-12",
    "document.form": "printed",
    "document.reference": "BKPSDM/ARSIP/2025/0113",
    "document.category": "other",
    "information": (
        "Hasil pemeriksaan kesehatan jasmani dan rohani pegawai, termasuk diagnosis, riwayat "
        "pengobatan dan surat keterangan dokter, yang dilampirkan pada berkas kepegawaian."
    ),
    "scope": "part",
    "parts": "Lampiran 4 (hasil pemeriksaan kesehatan)\r\nLampiran 5 (surat keterangan dokter)",
}
CITE = {
    "citations[0].ground": "17h2",
    "citations[0].analysis": (
        "Lampiran 4 dan 5 memuat riwayat, kondisi dan perawatan kesehatan fisik dan psikis "
        "seseorang, yang secara tegas dilindungi sebagai rahasia pribadi. Pegawai yang "
        "bersangkutan tidak memberikan persetujuan tertulis."
    ),
}
HARM = {
    "harms[0].ground": "17h2",
    "harms[0].harm": (
        "Diagnosis dan riwayat pengobatan yang terbuka dapat menimbulkan stigma dan "
        "diskriminasi terhadap pegawai di tempat kerja, memengaruhi peluang promosi, dan "
        "tidak dapat ditarik kembali setelah tersebar."
    ),
}
WEIGH = {
    "interests": (
        "Akuntabilitas proses pengangkatan dan pembinaan pegawai\n"
        "Pengawasan publik atas kepatuhan BKPSDM pada prosedur kepegawaian"
    ),
    "balance": (
        "Kepentingan publik atas akuntabilitas kepegawaian terpenuhi dengan membuka data "
        "kepegawaian lain dalam berkas. Isi pemeriksaan kesehatan tidak menambah pengawasan "
        "publik, sedangkan kerugian bagi pegawai nyata dan permanen."
    ),
    "outweighs": "harm",
}
CONCLUDE = {
    "outcome": "partly_exempt",
    "parts_withheld": (
        "Lampiran 4 (hasil pemeriksaan kesehatan)\nLampiran 5 (surat keterangan dokter)"
    ),
    "redaction": "blacken",
    "period.kind": "permanent",
    "reasoning": "Berkas diberikan setelah Lampiran 4 dan 5 dihitamkan; bagian lain terbuka.",
}
SUBMIT = {"note": "Mohon ditinjau."}

STEPS: list[tuple[str, dict[str, str]]] = [
    ("identify", IDENTIFY),
    ("cite_grounds", CITE),
    ("assess_harm", HARM),
    ("weigh_public_interest", WEIGH),
    ("conclude", CONCLUDE),
    ("submit", SUBMIT),
]


def open_case(client: TestClient, data: dict[str, str] | None = None) -> str:
    """Open a case through the page as the client's user; its id."""
    response = post_form(client, "/cases/new", "/cases/new", data or OPEN)
    assert response.status_code == 303, response.text
    return str(response.headers["location"]).rsplit("/", 1)[1]


def act(client: TestClient, case_id: str, trigger: str, data: dict[str, str]) -> Any:
    """Post the form of ``trigger`` on the case page (no redirects followed)."""
    return post_form(client, f"/cases/{case_id}", f"/cases/{case_id}/act/{trigger}", data)


def save_draft(client: TestClient, case_id: str, trigger: str, data: dict[str, str]) -> Any:
    return post_form(client, f"/cases/{case_id}", f"/cases/{case_id}/draft/{trigger}", data)


def walk(client: TestClient, case_id: str, until: str) -> None:
    """Record every step of :data:`STEPS` up to and including ``until``."""
    for trigger, data in STEPS:
        response = act(client, case_id, trigger, data)
        assert response.status_code == 303, (trigger, response.text[-3000:])
        if trigger == until:
            return
    raise AssertionError(f"no step {until}")


# -- reading a page's forms -----------------------------------------------------------------

_VOID = frozenset({"input", "br", "meta", "link", "img", "hr", "col", "source", "wbr"})


@dataclass
class _Control:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    selected: str | None = None


class PageForms(HTMLParser):
    """The forms of a page (by action), their controls, and the text of every element
    with an id (to read what ``aria-describedby`` points at)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, list[_Control]] = {}
        self.texts: dict[str, str] = {}
        self._form: str | None = None
        self._open: list[tuple[str, str | None]] = []
        self._textarea: _Control | None = None
        self._select: _Control | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            self._form = attrs.get("action", "")
            self.forms.setdefault(self._form, [])
        if tag in ("input", "textarea", "select") and self._form is not None:
            control = _Control(tag, attrs)
            self.forms[self._form].append(control)
            if tag == "textarea":
                self._textarea = control
            if tag == "select":
                self._select = control
        if tag == "option" and self._select is not None and "selected" in attrs:
            self._select.selected = attrs.get("value", "")
        if tag not in _VOID:
            self._open.append((tag, attrs.get("id")))
            if attrs.get("id"):
                self.texts[attrs["id"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.text += data
        for _, ident in self._open:
            if ident:
                self.texts[ident] += data

    # -- questions a test asks ---------------------------------------------------------

    def step_actions(self) -> list[str]:
        """The triggers whose form the page offers (``/cases/X/act/<trigger>``)."""
        return [a.rsplit("/", 1)[1] for a in self.forms if "/act/" in a]

    def _control(self, action_end: str, name: str) -> _Control:
        for action, controls in self.forms.items():
            if action.endswith(action_end):
                for control in controls:
                    if control.attrs.get("name") == name and control.attrs.get("type") != "hidden":
                        return control
        raise AssertionError(f"no field {name} in a form posting to …{action_end}")

    def value(self, action_end: str, name: str) -> str:
        control = self._control(action_end, name)
        if control.tag == "textarea":
            return control.text.removeprefix("\n")
        if control.tag == "select":
            return control.selected or ""
        return control.attrs.get("value", "")

    def described(self, action_end: str, name: str) -> str:
        """The text that the field's ``aria-describedby`` points at (its errors, hints)."""
        control = self._control(action_end, name)
        ids = control.attrs.get("aria-describedby", "").split()
        return " ".join(" ".join(self.texts.get(i, "").split()) for i in ids)
