"""The web tests' helpers. The application over a workspace with a user of every role
and the clients logged in as them come from ``toolkit.web`` (re-exported here); what is
only the web's own is below:

* the JSON API: bearer tokens, JSON-ready payloads, a plan walked over the API;
* the decree pages: :class:`DecreeWeb`, the bench with keys, profile and approved cases;
* the auditor's pages: a decree issued and signed, a hand that edits the database;
* the role x route matrix: every route and a way to call it as any user (routes are
  read from the routers themselves, so a route added later is walked too -- and fails
  the matrix test until its row is written);
* the case pages: a case's steps as form fields (the values of sample 01, "Berkas
  kepegawaian yang memuat rekam medis pegawai"), posting them, and reading a page's
  forms the way a browser (and a screen reader) would.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from toolkit import (
    HEAD_SIGNER,
    PASSPHRASES,
    PPID_SIGNER,
    SAMPLES,
    install_keys,
    install_profile,
)
from toolkit import walk as walk_steps
from toolkit.decrees import SAMPLES_TO_DECREE
from toolkit.web import (
    ORIGIN,
    PASSWORDS,
    WEB_USERS,
    WebBench,
    csrf_of,
    logged_in,
    login,
    make_web_bench,
    post_form,
)

from ujikon.canonical import canonical_json
from ujikon.documents.keys import DevCA
from ujikon.domain.decree import Decree
from ujikon.service.caseplan import CasePlan, load_plan
from ujikon.service.decrees import DecreeDesk
from ujikon.store.sql import SqlEventLog
from ujikon.web.app import ROUTE_MODULES

__all__ = [
    "ORIGIN",
    "PASSWORDS",
    "WEB_USERS",
    "WebBench",
    "csrf_of",
    "logged_in",
    "login",
    "make_web_bench",
    "post_form",
]


# --------------------------------------------------------------------------- the JSON API


def token_for(web: WebBench, username: str) -> str:
    """A bearer token of ``username``, from ``POST /api/session``."""
    response = web.client().post(
        "/api/session", json={"username": username, "password": PASSWORDS[username]}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


def api_as(web: WebBench, username: str) -> TestClient:
    """A client that sends ``username``'s bearer token (and no cookie)."""
    client = web.client()
    client.headers["Authorization"] = f"Bearer {token_for(web, username)}"
    return client


def as_json(value: Any) -> Any:
    """A payload as a client sends it: dates as ISO strings."""

    def default(item: Any) -> str:
        if isinstance(item, date):
            return item.isoformat()
        raise TypeError(type(item).__name__)

    return json.loads(json.dumps(value, default=default))


def plan_of(sample: str) -> CasePlan:
    return load_plan(SAMPLES / sample)


def walk_api(client: TestClient, plan: CasePlan) -> tuple[str, list[Any]]:
    """Open the plan's case and post each step's payload (:func:`toolkit.walk` over the
    JSON API); the case id and every answer (the walk stops at the first answer that is
    not a 200)."""
    opened = client.post("/api/cases", json=as_json(plan.open))
    assert opened.status_code == 201, opened.text
    case_id: str = opened.json()["case_id"]

    def record(trigger: str, payload: Any) -> Any:
        return client.post(f"/api/cases/{case_id}/{trigger}", json=as_json(payload))

    steps = [(step.trigger, step.payload) for step in plan.steps]
    answers = walk_steps(record, steps, until=steps[-1][0], stop=lambda a: a.status_code != 200)
    return case_id, [opened, *answers]


# --------------------------------------------------------------------------- decree pages


@dataclass
class DecreeWeb:
    web: WebBench
    ca: DevCA
    cases: list[str]
    """The approved cases' refs (``UK-2026-0001/1``), in the order they were approved."""

    @property
    def desk(self) -> DecreeDesk:
        desk: DecreeDesk = self.web.app.state.ujikon.app.decrees
        return desk

    @property
    def passphrases(self) -> dict[str, bytes | None]:
        return PASSPHRASES

    def draft(self, refs: list[str] | None = None) -> Decree:
        """A draft by the PPID Utama, through the desk (not the pages)."""
        return self.desk.draft("budi", refs or self.cases)

    def issued(self, refs: list[str] | None = None) -> Decree:
        """An issued, signed decree, through the desk (not the pages)."""
        draft = self.draft(refs)
        return self.desk.issue("budi", draft.decree_id, self.passphrases).decree

    def with_head_signing(self) -> None:
        """The profile lists the head as a second signer."""
        self.desk.set_profile("root", {"signers": [PPID_SIGNER, HEAD_SIGNER]})


def decree_web(web: WebBench, keys: DevCA) -> DecreeWeb:
    """The web bench with the PPID's and the head's keys, the body profile and the two
    approved exempt cases of ``toolkit.decrees.SAMPLES_TO_DECREE``."""
    install_keys(keys, web.workspace.directory / "keys", ("ppid.p12", "head.p12", "dev-ca.pem"))
    bench = DecreeWeb(web, keys, [])
    install_profile(bench.desk, "root")
    for sample in SAMPLES_TO_DECREE:
        case_id = web.import_sample(sample, by="siti")
        approved = web.service.act("budi", case_id, "approve", {"comments": "Disetujui."})
        bench.cases.append(approved.ref)
    return bench


# --------------------------------------------------------------------------- auditor's pages


@dataclass(frozen=True)
class IssuedDecree:
    number: str
    case_ref: str
    path: Path
    pdf: bytes


def issue_decree(web: WebBench, keys: DevCA) -> IssuedDecree:
    """The keys copied into the workspace, the body's profile set by the admin, a sample
    case walked by siti and approved by budi, and a decree on it issued by budi."""
    install_keys(keys, web.workspace.keys_dir)
    desk = web.app.state.ujikon.app.decrees
    install_profile(desk, "root")
    case_id = web.import_sample("01-rekam-medis-pegawai.yaml", by="siti")
    ref = web.service.act("budi", case_id, "approve", {"comments": "Disetujui."}).ref
    draft = desk.draft("budi", [ref], "Triwulan IV")
    result = desk.issue("budi", draft.decree_id, PASSPHRASES)
    record = result.decree.issue
    assert record is not None
    return IssuedDecree(record.number, ref, result.path, result.path.read_bytes())


def edit_payload(web: WebBench, seq: int, change: dict[str, object]) -> None:
    """Change one word of an event's payload in the database, behind ujikon's back."""
    log = web.service.log
    assert isinstance(log, SqlEventLog)
    with log.engine.begin() as conn:
        stored = conn.execute(
            sa.text("SELECT payload FROM events WHERE seq = :s"), {"s": seq}
        ).scalar_one()
        payload = json.loads(stored)
        payload.setdefault("data", {}).update(change)
        conn.execute(
            sa.text("UPDATE events SET payload = :p WHERE seq = :s"),
            {"p": canonical_json(payload), "s": seq},
        )


# --------------------------------------------------------------------------- the route matrix


RouteKey = tuple[str, str]
"""(method, path template)."""


def all_routes() -> list[RouteKey]:
    keys: list[RouteKey] = []
    for name in ROUTE_MODULES:
        for route in importlib.import_module(name).router.routes:
            if isinstance(route, APIRoute):
                for method in sorted(route.methods - {"HEAD"}):
                    keys.append((method, route.path))
    return keys


@dataclass
class Seeds:
    """The ids the path parameters take."""

    case_id: str
    decree_id: str
    trigger: str = "approve"
    username: str = "siti"

    def values(self) -> dict[str, str]:
        return {
            "case_id": self.case_id,
            "decree_id": self.decree_id,
            "trigger": self.trigger,
            "username": self.username,
            "ground_id": "17h2",
            "code": "en",
            "name": "ujikon.css",
        }


def fill_path(template: str, seeds: Seeds) -> str:
    values = seeds.values()
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values[m.group(1)], template)


_ROLE_RULES = ("role-may-act", "admin-manages-users", "admin-manages-workspace", "own-unit")


def is_denied(response: Any) -> bool:
    """Refused for who the user is: 401/403, a hidden case (404 naming rule own-unit), or
    a refusal by a rule about roles (422 naming it)."""
    if response.status_code in (401, 403):
        return True
    text = response.text
    if response.status_code == 404 and "own-unit" in text:
        return True
    return response.status_code == 422 and any(rule in text for rule in _ROLE_RULES)


class Caller:
    """Calls routes as one user: pages with the session cookie and the page's CSRF
    token, the API with a bearer token."""

    def __init__(self, bench: WebBench, username: str | None) -> None:
        self.bench = bench
        self.username = username
        self.pages = bench.client()
        self.api = bench.client()
        self.token = ""
        self.csrf = ""
        if username is not None:
            login(self.pages, username)
            self.csrf = csrf_of(self.pages.get("/").text)
            answer = self.api.post(
                "/api/session", json={"username": username, "password": PASSWORDS[username]}
            )
            if answer.status_code in (200, 201):
                self.token = answer.json()["token"]

    def call(self, method: str, path: str, body: Any = None) -> Any:
        if path.startswith("/api"):
            headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
            if method in ("GET", "DELETE"):
                return self.api.request(method, path, headers=headers)
            return self.api.request(method, path, headers=headers, json=body or {})
        client: TestClient = self.pages
        if method == "GET":
            return client.get(path, follow_redirects=False)
        data = {**(body or {}), "csrf_token": self.csrf}
        return client.request(method, path, data=data, follow_redirects=False)


# --------------------------------------------------------------------------- case pages


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
    """Record every step of :data:`STEPS` up to and including ``until`` through the case
    page's forms (:func:`toolkit.walk` over the pages)."""

    def record(trigger: str, data: dict[str, str]) -> None:
        response = act(client, case_id, trigger, data)
        assert response.status_code == 303, (trigger, response.text[-3000:])

    walk_steps(record, STEPS, until=until)


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
