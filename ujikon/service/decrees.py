"""Decree use cases: the body's profile, drafting, previewing, issuing, revoking, verifying.

Issuing is the one place where a file and the log must agree. The order is:

1. everything that can fail without consequence first: the profile, the signing keys
   and their passphrases, every listed case still approved;
2. the issuing lock taken (:data:`ISSUE_LOCK`, :meth:`~ujikon.store.sql.SqlEventLog.exclusive`:
   an advisory lock on PostgreSQL, a file lock beside a SQLite database), which only
   issuers queue on -- officers editing cases meanwhile do not wait for it. Holding it,
   the next number of the year (the version of ``decree-serial:<year>`` plus one) is
   this issuer's: the PDF is rendered with it and signed;
3. one transaction (:meth:`~ujikon.store.sql.SqlEventLog.append_under_lock`): under the
   append lock the serial is read again (should an issuer without the issuing lock, an
   older ujikon, have taken the number, the PDF is signed once more with the one now
   next, still under that lock -- no retry loop), the signed file is written to a
   temporary name beside its final one, and the number, ``decree.issued`` (with the
   PDF's SHA-256) and every case's ``case.decreed`` are written -- all or nothing;
4. the temporary file renamed to its final name, and the new chain head written to the
   checkpoint file (``chain-head.log``, :mod:`ujikon.store.witness`), synced to disk.

Each signature of the profile is placed from its signer's own account (rule
``signer-own-account``). When the issuer's signatures are not the last ones (the Atasan
PPID signs too), step 3 records ``decree.signed`` instead: the number is taken and the
PDF, signed so far, is kept beside its final name (``….menunggu-ttd.pdf``); the cases stay
approved. The awaited signer opens the decree from their own dashboard and signs
(:meth:`DecreeDesk.issue` again, from their account): the stored PDF, checked against
its recorded hash, gets their signature as an incremental update, and that last
signature records ``decree.issued`` and decrees the cases, as above.

Concurrent issuers of different drafts therefore all succeed, with consecutive numbers.
A crash before the commit leaves no event and no number used (the temporary file is
removed the next time, once its process is gone); a crash between the commit and the
rename leaves the signed file under its temporary name, whose hash the log holds, and
:meth:`DecreeDesk.finish_pending` completes it. A full disk while the PDF is written
leaves no temporary file, records nothing and says which file and why
(:class:`~ujikon.errors.StoreError`).
"""

from __future__ import annotations

import base64
import errno
import logging
import mimetypes
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ujikon.canonical import sha256_file_hex, sha256_hex
from ujikon.documents.compose import DecreeFacts, decree_document
from ujikon.domain.body import (
    BODY_SUBJECT,
    BodyProfile,
    SignerProfile,
    apply_body,
    decide_set_body,
    format_decree_number,
)
from ujikon.domain.case import Case
from ujikon.domain.decide import decide, decide_supersede, walk
from ujikon.domain.decree import (
    DECREE_ROLES,
    Decree,
    DecreeState,
    DraftDecree,
    IssuedSigner,
    IssueRecord,
    Revoke,
    apply_decree,
    check_issue,
    decide_discard,
    decide_draft,
    decide_issue,
    decide_number,
    decide_revoke,
    decide_signed,
    decree_subject,
    next_signatures,
    refuse_foreign_pins,
    refuse_held,
    require_decree_role,
    serial_subject,
)
from ujikon.domain.events import NewEvent
from ujikon.domain.roles import Actor, Role
from ujikon.domain.rules import violation
from ujikon.domain.states import CaseState
from ujikon.errors import InputError, NotFound, RuleViolation, StoreError, schema_text
from ujikon.service.cases import Acting, Service, case_index_entry
from ujikon.store.api import AppendBatch, AppendPlan, ChainHead, IndexEntry, LockedLog
from ujikon.store.witness import CHECKPOINT_FILE, HeadWitness

if TYPE_CHECKING:
    from ujikon.documents.keys import DevCA, KeyInfo
    from ujikon.documents.model import Person
    from ujikon.domain.users import User

__all__ = ["CRASH_ENV", "DecreeDesk", "IssueResult", "decree_filename", "decree_index_entry"]

logger = logging.getLogger(__name__)

CRASH_ENV = "UJIKON_CRASH_AT"
"""Fault injection for tests: ``after-render`` ends the process right after the signed
PDF is written to its temporary name, before anything is recorded; ``after-record`` right
after the transaction, before the file gets its final name."""

KEYS_SUBJECT = "keys"

ISSUE_LOCK = "decree-issue"
"""The store lock (:meth:`~ujikon.store.sql.SqlEventLog.exclusive`) issuers queue on."""
ISSUE_WAIT_S = 600.0
"""How long an issuer waits for :data:`ISSUE_LOCK`: every issuer before it renders and
signs while holding it (a second or two each)."""

_TMP_SUFFIX = ".tmp"
_STALE_TMP_S = 3600.0
"""An unrecorded temporary file of a process still alive is removed only after this long
(it may be an issue in progress in another thread or on another machine)."""


@dataclass(frozen=True)
class IssueResult:
    decree: Decree
    path: Path


def decree_filename(number: str) -> str:
    """The file name of a decree: ``188.4/001/PPID/XI/2026`` → ``SK_188.4-001-PPID-XI-2026.pdf``."""
    safe = re.sub(r"[^0-9A-Za-z.]+", "-", number).strip("-")
    return f"SK_{safe}.pdf"


AWAITING_SUFFIX = ".menunggu-ttd.pdf"
"""How the PDF of a decree still awaiting a signature is named beside its final name."""


def awaiting_filename(number: str) -> str:
    """``SK_188.4-001-PPID-XI-2026.menunggu-ttd.pdf``: the decree signed so far."""
    return decree_filename(number).removesuffix(".pdf") + AWAITING_SUFFIX


def _write_durably(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` and sync it to disk; on any failure (a full disk) remove
    what was written and raise a :class:`StoreError` naming the file.

    :raises StoreError: the file cannot be written completely.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        try:
            path.unlink(missing_ok=True)
        except OSError:  # pragma: no cover - the folder itself is gone or unwritable
            logger.warning("could not remove the partial file %s", path)
        raise _write_error(path, exc) from None


def _write_error(path: Path, exc: OSError) -> StoreError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(
            f"Ruang disk habis saat menulis {path} ({exc.strerror}): SK tidak diterbitkan, "
            "tidak ada yang dicatat dan nomornya tidak terpakai; berkas sementara sudah "
            "dihapus. Kosongkan ruang disk lalu ulangi. / No space left on the disk while "
            f"writing {path} ({exc.strerror}): the decree was not issued, nothing was "
            "recorded and its number is not used; the temporary file was removed. Free "
            "some disk space and try again."
        )
    return StoreError(
        f"Berkas {path} tidak dapat ditulis ({exc.strerror or exc}): SK tidak diterbitkan "
        "dan tidak ada yang dicatat; periksa hak tulis folder sk/ lalu ulangi. / The file "
        f"{path} cannot be written ({exc.strerror or exc}): the decree was not issued and "
        "nothing was recorded; check that the sk/ folder can be written, then try again."
    )


def _tmp_owner_alive(tmp: Path) -> bool:
    """Whether the process that wrote ``tmp`` (its pid is in the name) still runs here."""
    match = re.search(r"\.(\d+)-[0-9a-f]+" + re.escape(_TMP_SUFFIX) + "$", tmp.name)
    if match is None:
        return False
    pid = int(match.group(1))
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class _Signed:
    """A decree rendered and signed with one number, not yet recorded."""

    serial: int
    number: str
    place: str
    final: Path
    pdf: bytes
    decision_json: str
    qr_text: str
    chain_seq: int
    chain_head: str
    signers: tuple[IssuedSigner, ...]


def decree_index_entry(decree: Decree) -> IndexEntry:
    """The decree's row of the decree index (kind ``decree``): what ``audit verify``
    recomputes from the log."""
    issue = decree.numbered
    return IndexEntry(
        kind="decree",
        key=decree.decree_id,
        state=decree.state.value,
        data={
            "number": issue.number if issue else None,
            "dated": issue.dated.isoformat() if issue else None,
            "cases": decree.cases,
            "file": issue.file if issue else None,
            **({"awaiting": list(decree.awaiting)} if decree.awaiting else {}),
        },
    )


class DecreeDesk:
    """The decree use cases over one workspace (its log and its directory)."""

    def __init__(
        self,
        service: Service,
        workdir: Path,
        *,
        crash: Callable[[str], None] | None = None,
    ) -> None:
        self.service = service
        self.log = service.log
        self.workdir = workdir
        self._crash = crash or _crash_from_env

    # -- the body's profile ----------------------------------------------------------

    def profile(self) -> BodyProfile | None:
        profile: BodyProfile | None = None
        for event in self.log.read(BODY_SUBJECT):
            profile = apply_body(profile, event)
        return profile

    def require_profile(self) -> BodyProfile:
        profile = self.profile()
        if profile is None:
            raise InputError(
                "profil badan publik / body profile",
                "belum diisi; admin menjalankan `ujikon body set --name … --place … --signer …` "
                "/ not set; an admin runs `ujikon body set …` first",
            )
        return profile

    def set_profile(self, acting: Acting, data: BodyProfile | Mapping[str, Any]) -> BodyProfile:
        """Replace the profile (an admin only). Fields not given keep their old value."""
        actor = self.service.actor(acting)
        old = self.profile()
        merged: dict[str, Any] = old.model_dump() if old else {}
        merged.update(data.model_dump() if isinstance(data, BodyProfile) else dict(data))
        try:
            profile = BodyProfile.model_validate(merged)
        except ValidationError as exc:
            raise InputError(
                "profil badan publik / body profile",
                schema_text(exc.errors(), "(profil)"),
            ) from None
        if profile.logo_file and not (self.workdir / "assets" / profile.logo_file).is_file():
            raise InputError(
                "logo_file", f"{self.workdir / 'assets' / profile.logo_file} tidak ada / not found"
            )
        event = decide_set_body(profile, actor, self.service.now())
        self.service.writer.commit_events(
            [AppendBatch(BODY_SUBJECT, self.log.version(BODY_SUBJECT), [event])]
        )
        return profile

    # -- signing keys ----------------------------------------------------------------

    @property
    def keys_dir(self) -> Path:
        return self.workdir / "keys"

    def register_key(self, acting: Acting, info: KeyInfo) -> None:
        """Record in the log that a signing key was installed (an admin only).

        Everything is checked before the event is appended: the actor, the key's name
        (no path) and that the certificate's names are storable text.
        """
        from ujikon.documents.keys import check_key_info

        actor = self._key_admin(acting)
        check_key_info(info)
        event = NewEvent(
            subject=KEYS_SUBJECT,
            action="keys.installed",
            actor=actor.username,
            role=actor.role.value,
            recorded_at=self.service.now(),
            payload={
                "data": {
                    "key_name": info.key_name,
                    "subject": info.subject,
                    "issuer": info.issuer,
                    "fingerprint_sha256": info.fingerprint_sha256,
                    "not_after": info.not_after.isoformat(),
                    "is_dev": info.is_dev,
                }
            },
        )
        self.service.writer.commit_events(
            [AppendBatch(KEYS_SUBJECT, self.log.version(KEYS_SUBJECT), [event])]
        )

    def _key_admin(self, acting: Acting) -> Actor:
        actor = self.service.actor(acting)
        if actor.role is not Role.ADMIN:
            raise violation(
                "admin-manages-workspace",
                f"Hanya admin yang dapat memasang kunci tanda tangan; pelaku: {actor.username}.",
                f"Only an admin may install signing keys; acting: {actor.username}.",
            )
        return actor

    def install_dev_keys(
        self, acting: Acting, signers: Sequence[tuple[str, str]], passphrase: bytes
    ) -> DevCA:
        """Make a DEVELOPMENT CA and a key per ``(key name, common name)`` (demos and
        tests only), record each key, then move them into :attr:`keys_dir`.

        The keys are made in a staging folder beside the key directory and moved in only
        once the log has taken every one of them: a refusal (not an admin) leaves no key
        file behind. The CA certificate is moved last (a reader seeing it sees the keys).
        """
        import shutil
        import tempfile

        from ujikon.documents.keys import CA_CERT_FILE, create_dev_ca

        self._key_admin(acting)  # before the (slow) key generation
        profile = self.profile()
        body_name = (profile.name if profile else None) or self.log.get_meta("body_name")
        keys_dir = self.keys_dir
        created = not keys_dir.exists()
        keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=keys_dir, prefix=".dev-ca-"))
        try:
            ca = create_dev_ca(
                staging,
                body_name=body_name or "ujikon",
                signers=list(signers),
                passphrase=passphrase,
            )
            for info in ca.signers:
                self.register_key(acting, info)
            for path in sorted(staging.iterdir(), key=lambda p: p.name == CA_CERT_FILE):
                os.replace(path, keys_dir / path.name)
        except BaseException:
            if created:
                shutil.rmtree(keys_dir, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return ca

    def import_key(
        self,
        acting: Acting,
        source: Path,
        key_name: str,
        passphrase: bytes,
        *,
        overwrite: bool = True,
    ) -> KeyInfo:
        """Install a real PKCS#12 signing key as ``key_name``.

        Every check comes before anything is written or appended: the name (a name with
        ``/`` or ``..`` is refused), the actor (an admin), the file, the passphrase, the
        certificate's names and, unless ``overwrite``, that no key of that name exists.
        The key is then written under a temporary name, ``keys.installed`` appended, and
        only then the file renamed into place: a refusal leaves neither an event nor a file.
        """
        from ujikon.documents.keys import check_key_name, import_pkcs12

        check_key_name(key_name, "--key-name")
        self._key_admin(acting)
        return import_pkcs12(
            source,
            self.keys_dir,
            key_name,
            passphrase,
            overwrite=overwrite,
            record=lambda info: self.register_key(acting, info),
        )

    def installed_keys(self) -> list[dict[str, Any]]:
        """The keys installed, as recorded (latest per key name)."""
        latest: dict[str, dict[str, Any]] = {}
        for event in self.log.read(KEYS_SUBJECT):
            data = dict(event.payload["data"])
            data["installed_by"] = event.actor
            data["installed_at"] = event.recorded_at.isoformat()
            latest[data["key_name"]] = data
        return [latest[k] for k in sorted(latest)]

    # -- reading decrees -------------------------------------------------------------

    def get(self, decree_id: str) -> Decree:
        decree: Decree | None = None
        for event in self.log.read(decree_subject(decree_id.strip().upper())):
            decree = apply_decree(decree, event)
        if decree is None:
            raise NotFound("SK/decree", decree_id, "Lihat `ujikon decree list`.")
        return decree

    def all(self) -> list[Decree]:
        out = []
        for subject in self.log.subjects("decree:"):
            decree: Decree | None = None
            for event in self.log.read(subject):
                decree = apply_decree(decree, event)
            if decree is not None:
                out.append(decree)
        return out

    def by_number(self, number: str) -> Decree | None:
        for decree in self.all():
            if decree.issue is not None and decree.issue.number == number:
                return decree
        return None

    def find(self, key: str) -> Decree:
        """A decree by its draft id (``D-2026-0001``) or its number (also one still
        awaiting a signature)."""
        if re.fullmatch(r"(?i)D-\d{4}-\d{4,}", key.strip()):
            return self.get(key)
        waiting = next(
            (e.key for e in self._signing_entries() if e.data.get("number") == key.strip()), None
        )
        found = self.get(waiting) if waiting else self.by_number(key.strip())
        if found is None:
            raise NotFound("SK/decree", key, "Lihat `ujikon decree list`.")
        return found

    # -- drafting --------------------------------------------------------------------

    def _cases(self, refs: Sequence[str]) -> dict[str, Case]:
        out: dict[str, Case] = {}
        for ref in refs:
            case = self.service.get_case(ref)
            out[case.ref] = case
        return out

    def draft(
        self, acting: Acting, case_refs: Sequence[str] | None = None, note: str = ""
    ) -> Decree:
        """Draft a decree over the given cases, or over every approved case (``None``)."""
        actor = self.service.actor(acting)
        require_decree_role(actor, "menyusun / draft")  # before any case is looked up
        held = self.held_cases()
        if case_refs is None:
            refs = [
                f"{s.case_id}/{s.revision}"
                for s in self.service.list_cases(CaseState.APPROVED)
                if s.outcome in ("exempt", "partly_exempt")
                and f"{s.case_id}/{s.revision}" not in held
            ]
        else:
            refs = [self.service.get_case(r).ref for r in case_refs]
        cases = self._cases(refs)
        refuse_held(refs, held)
        now = self.service.now()
        year = self.service.today(now).year
        payload = DraftDecree(cases=refs, note=note)
        drafted: list[str] = []

        def build(serial: int) -> AppendPlan:
            # The next draft id of the year, taken under the append lock (no retrying).
            decree_id = f"D-{year}-{serial:04d}"
            event = decide_draft(decree_id, payload, actor, cases, now)
            drafted.append(decree_id)
            return AppendPlan(
                [AppendBatch(event.subject, 0, [event])],
                [decree_index_entry(apply_decree(None, event))],
            )

        self.service.writer.commit_numbered(f"decree:D-{year}-", build)
        return self.get(drafted[-1])

    def held_cases(self) -> dict[str, str]:
        """The case revisions listed by a decree awaiting a signature, each to that
        decree's number: no other decree lists them meanwhile."""
        return {
            ref: entry.data.get("number") or entry.key
            for entry in self._signing_entries()
            for ref in entry.data.get("cases", ())
        }

    def awaiting(self, viewer: Actor) -> list[Decree]:
        """The decrees awaiting a signature (found by the decree index, then read), for
        ``viewer`` to see: none to a role that makes no decree."""
        if viewer.role not in DECREE_ROLES:
            return []
        return [self.get(entry.key) for entry in self._signing_entries()]

    def _signing_entries(self) -> list[IndexEntry]:
        return self.log.index("decree", state=DecreeState.SIGNING.value)

    def signs_next(
        self, viewer: Actor, decree: Decree, profile: BodyProfile | None = None
    ) -> list[SignerProfile]:
        """The signatures ``viewer`` would place on ``decree`` now (which PINs a face asks
        for); empty when the next one is someone else's or none is due."""
        profile = profile or self.profile()
        if profile is None or decree.state not in (DecreeState.DRAFT, DecreeState.SIGNING):
            return []
        try:
            return next_signatures(decree, profile.signers, viewer)
        except RuleViolation:
            return []

    def signatures_to_place(self, viewer: Acting, key: str) -> list[SignerProfile]:
        """What :meth:`issue` would sign as ``viewer`` on the decree ``key`` (by id or
        number); refused (``signer-own-account``) when the next signature is not theirs.
        The CLI asks this first so it prompts only for the acting signer's own PIN."""
        actor = self.service.actor(viewer)
        decree = self.find(key)
        require_decree_role(actor, "menerbitkan / issue")
        return next_signatures(decree, self.require_profile().signers, actor)

    def discard(self, acting: Acting, decree_id: str) -> Decree:
        """Discard a draft, or withdraw a decree still awaiting a signature."""
        actor = self.service.actor(acting)
        decree = self.find(decree_id)
        event = decide_discard(decree, actor, self.service.now())
        self.service.writer.commit_events(
            [AppendBatch(decree.subject, decree.version, [event])],
            [decree_index_entry(apply_decree(decree, event))],
        )
        if decree.signing is not None:
            # Withdrawn before its last signature: the PDF signed so far is no decree (the
            # log keeps its hash and who signed it; its number stays unused).
            (self.workdir / decree.signing.file).unlink(missing_ok=True)
        return self.get(decree.decree_id)

    # -- documents -------------------------------------------------------------------

    def _logo(self, profile: BodyProfile) -> str | None:
        if not profile.logo_file:
            return None
        path = self.workdir / "assets" / profile.logo_file
        mime = mimetypes.guess_type(path.name)[0] or "image/png"
        return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"

    def case_sheet(self, ref: str, viewer: Actor) -> bytes:
        """The berita acara of one case as a PDF to print alone: the decree's LAMPIRAN II
        sheet of that case, unsigned, naming the decree when the case is decreed.

        :raises NotFound: no such case, or one ``viewer`` may not see (rule ``own-unit``).
        :raises InputError: the case has not recorded every step yet.
        """
        from ujikon.dates import format_date_id
        from ujikon.documents.compose import berita_acara
        from ujikon.documents.render import SheetContext, render_sheet_pdf

        case = self.service.get_case(ref, viewer=viewer)
        profile = self.profile()
        try:
            sheet = berita_acara(
                case,
                self.service.catalogue,
                body=profile.name if profile else "",
                people=self._people([case], viewer),
            )
        except ValueError:
            raise InputError(
                ref,
                "berita acara hanya untuk kasus yang semua langkahnya dicatat / a sheet needs "
                f"every step recorded (status / state: {case.state.value})",
            ) from None
        decree = case.decree
        context = SheetContext(
            number=decree.number if decree else "",
            date_text=format_date_id(decree.dated) if decree else "",
            font_family=profile.font.family if profile else "",
            font_size_pt=profile.font_size_pt if profile else 12,
        )
        return render_sheet_pdf(sheet, context)

    def preview(self, decree_id: str) -> bytes:
        """The decree as it would be issued today, unsigned, watermarked, without a number."""
        from ujikon.documents.render import RenderSettings, render_pdf

        decree = self.get(decree_id)
        profile = self.require_profile()
        cases = [self.service.get_case(ref) for ref in decree.cases]
        head = self.log.head()
        facts = DecreeFacts(
            number="(nomor diberikan saat diterbitkan)",
            dated=self.service.today(),
            place=profile.place,
            chain_seq=head.seq,
            chain_head=head.hash,
            preview=True,
        )
        document, _ = decree_document(
            cases,
            profile,
            self.service.catalogue,
            facts,
            logo_data_uri=self._logo(profile),
            people=self._people(cases),
        )
        return render_pdf(document, RenderSettings(pdf_tags=profile.tagged_pdf))

    # -- issuing ---------------------------------------------------------------------

    def _people(self, cases: Iterable[Case], acting: Actor | None = None) -> dict[str, Person]:
        """The users the sheets of ``cases`` name, as a berita acara names them: full name,
        NIP, role and unit. Each is read from the log once; the acting user, resolved
        already, not again."""
        from ujikon.documents.model import Person

        names = {name for case in cases for name in _named(case)}
        people: dict[str, Person] = {}
        for name in sorted(names):
            if acting is not None and name == acting.username:
                found: Actor | User = acting
            else:
                try:
                    found = self.service.user(name)
                except NotFound:
                    continue
            # The jabatan from the profile; without one, the role in the test and the unit.
            position = found.position or found.role.label_id + (
                f", {found.unit}" if found.unit else ""
            )
            people[name] = Person(name=found.full_name or name, nip=found.nip, position=position)
        return people

    def _final_path(self, number: str, year: int) -> Path:
        return self.workdir / "sk" / str(year) / decree_filename(number)

    def issue(
        self,
        acting: Acting,
        decree_id: str | Decree,
        passphrases: Mapping[str, bytes | None],
    ) -> IssueResult:
        """Place the acting user's signatures on a decree (see the module doc): on a draft,
        number, render and sign it; on a decree awaiting a signature, sign it further.
        The last signature issues it: the record, the cases decreed, the file in place.

        ``decree_id`` may be the decree as the caller just read it (a page that checked it
        may be seen): it is not read again, and the record is appended at that decree's
        version, so a decree changed meanwhile is a conflict, never issued stale.
        ``passphrases`` maps key names to PINs; naming the key of a signer who is not the
        acting user is refused (``signer-own-account``) before any key is opened.
        """
        from ujikon.documents.signing import load_signer

        self.finish_pending()
        actor = self.service.actor(acting)
        decree = decree_id if isinstance(decree_id, Decree) else self.find(decree_id)
        if decree.state not in (DecreeState.DRAFT, DecreeState.SIGNING):
            check_issue(decree, actor, {})
        cases = self._cases(decree.cases)
        # Fail early, before any key is opened: who may issue, and what the decree lists.
        check_issue(decree, actor, cases)
        if decree.state is DecreeState.DRAFT:
            refuse_held(decree.cases, self.held_cases())
        profile = self.require_profile()
        if not profile.signers:
            raise InputError("signers", "profil tidak menyebut penanda tangan / no signer")
        mine = next_signatures(decree, profile.signers, actor)
        refuse_foreign_pins(passphrases.keys(), profile.signers, mine, actor)
        signers = []
        for signer in mine:
            key_path = self.workdir / "keys" / f"{signer.key}.p12"
            if not key_path.is_file():
                raise InputError(
                    f"kunci/key '{signer.key}'",
                    f"{key_path} tidak ada; buat dengan `ujikon keys dev-ca` atau impor dengan "
                    f"`ujikon keys import FILE.p12 --key-name {signer.key}` / missing signing key",
                )
            signers.append((signer, load_signer(key_path, passphrases.get(signer.key) or b"")))
        done = len(decree.signing.signers) if decree.signing is not None else 0
        awaiting = tuple(s.role.value for s in profile.signers[done + len(mine) :])
        superseded = self._superseded(decree, cases)
        if decree.state is DecreeState.SIGNING:
            return self._sign_further(decree, actor, profile, signers, awaiting, cases, superseded)
        now = self.service.now()
        today = self.service.today(now)
        year = today.year
        serial_key = serial_subject(year)
        ordered = [cases[ref] for ref in decree.cases]
        people = self._people(ordered, actor)

        def signed(serial: int, head: ChainHead) -> _Signed:
            number = format_decree_number(profile, serial, year, today.month)
            final = self._final_path(number, year)
            self._refuse_unrecorded_file(final)
            if awaiting:
                final = final.with_name(awaiting_filename(number))
                self._refuse_unrecorded_file(final)
            return self._render_signed(
                ordered, profile, signers, serial, number, final, today, head, people
            )

        written: list[Path] = []
        chosen: list[_Signed] = []

        def build(locked: LockedLog) -> AppendPlan:
            serial_version = locked.version(serial_key)
            made = guess
            if guess.serial != serial_version + 1:
                # Someone took that number without the issuing lock (an older ujikon):
                # sign with the one now next, under the append lock, where nobody can
                # take it before the commit. Never a retry.
                logger.warning(
                    "number %s taken meanwhile; signing as %d", guess.number, serial_version + 1
                )
                made = signed(serial_version + 1, locked.head)
            # A name of its own: two issuers never share a temporary file.
            tmp = _tmp_beside(made.final)
            written.append(tmp)
            _write_durably(tmp, made.pdf)
            self._crash("after-render")
            chosen.append(made)
            record = self._record(made, today)
            number_batch = AppendBatch(
                serial_key,
                serial_version,
                [decide_number(decree, year, made.serial, made.number, actor, now)],
            )
            if awaiting:
                event = decide_signed(decree, record, awaiting, actor, cases, now)
                return AppendPlan(
                    [AppendBatch(decree.subject, decree.version, [event]), number_batch],
                    [decree_index_entry(apply_decree(decree, event))],
                )
            return self._issue_plan(decree, record, actor, cases, superseded, [number_batch], now)

        # Issuers queue on a lock of their own (not the append lock: cases are edited
        # meanwhile); holding it, the next number is theirs until they record it.
        try:
            with self.log.exclusive(ISSUE_LOCK, wait_s=ISSUE_WAIT_S):
                guess = signed(self.log.version(serial_key) + 1, self.log.head())
                stored = self.service.writer.commit_locked(build)
        except BaseException:
            for tmp in written:
                tmp.unlink(missing_ok=True)
            raise
        return self._file_in_place(decree, stored, chosen[-1].final, written[-1])

    def _file_in_place(
        self, decree: Decree, stored: Sequence[Any], final: Path, tmp: Path
    ) -> IssueResult:
        """After the commit: the recorded file renamed to its name, the head witnessed,
        the decree as recorded (its own events just stored, applied to what was read)."""
        self._crash("after-record")
        try:
            os.replace(tmp, final)
        except FileNotFoundError:
            # finish_pending() of another issuer completed it first (the log has its hash).
            if not final.is_file():
                raise
        _fsync_dir(final.parent)
        self._witness(stored[-1].seq, stored[-1].hash)
        issued = decree
        for event in stored:
            if event.subject == decree.subject:
                issued = apply_decree(issued, event)
        if issued.state is DecreeState.ISSUED and decree.signing is not None:
            # The PDF signed so far is superseded by the one just filed.
            (self.workdir / decree.signing.file).unlink(missing_ok=True)
        return IssueResult(decree=issued, path=final)

    def _superseded(self, decree: Decree, cases: Mapping[str, Case]) -> dict[str, Case]:
        """The older revisions the listed cases retest, read now (nothing is read from
        the log under the lock)."""
        superseded: dict[str, Case] = {}
        for ref in decree.cases:
            case = cases[ref]
            if case.previous_revision is not None:
                old = self.service.get_case(f"{case.case_id}/{case.previous_revision}")
                if old.state is CaseState.DECREED and old.superseded_by is None:
                    superseded[ref] = old
        return superseded

    def _sign_further(
        self,
        decree: Decree,
        actor: Actor,
        profile: BodyProfile,
        signers: Sequence[tuple[SignerProfile, Any]],
        awaiting: tuple[str, ...],
        cases: dict[str, Case],
        superseded: Mapping[str, Case],
    ) -> IssueResult:
        """The awaited signer's signatures on the stored PDF, then ``decree.signed`` again
        (another signer still to come) or ``decree.issued``."""
        from ujikon.documents.signing import sign_pdf

        record = decree.signing
        assert record is not None
        kept = self.workdir / record.file
        try:
            pdf = kept.read_bytes()
        except OSError as exc:
            raise StoreError(
                f"PDF SK yang menunggu tanda tangan tidak dapat dibaca: {kept} "
                f"({exc.strerror or exc}); tarik SK ini lalu terbitkan konsep baru. / The "
                f"PDF awaiting a signature cannot be read: {kept}; withdraw this decree and "
                "issue a new draft."
            ) from None
        if sha256_file_hex(pdf) != record.pdf_sha256:
            raise StoreError(
                f"PDF SK yang menunggu tanda tangan berubah sejak ditandatangani ({kept}: "
                "SHA-256 tidak sama dengan yang dicatat); tidak ditandatangani. / The PDF "
                f"awaiting a signature changed since it was signed ({kept}: its SHA-256 is not "
                "the recorded one); not signed."
            )
        placed = list(record.signers)
        for signer, loaded in signers:
            pdf = sign_pdf(pdf, loaded, self._sign_settings(signer, record.number, profile))
            placed.append(_issued_signer(signer, loaded))
        now = self.service.now()
        final = self._final_path(record.number, record.year)
        if awaiting:
            final = final.with_name(awaiting_filename(record.number))
        else:
            self._refuse_unrecorded_file(final)
        signed = record.model_copy(
            update={
                "pdf_sha256": sha256_file_hex(pdf),
                "signers": tuple(placed),
                "file": str(final.relative_to(self.workdir)),
            }
        )
        if awaiting:
            event = decide_signed(decree, signed, awaiting, actor, cases, now)
            plan = AppendPlan(
                [AppendBatch(decree.subject, decree.version, [event])],
                [decree_index_entry(apply_decree(decree, event))],
            )
        else:
            plan = self._issue_plan(decree, signed, actor, cases, superseded, [], now)
        tmp = _tmp_beside(final)
        try:
            _write_durably(tmp, pdf)
            self._crash("after-render")
            stored = self.service.writer.commit(plan)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return self._file_in_place(decree, stored, final, tmp)

    def _refuse_unrecorded_file(self, final: Path) -> None:
        if final.exists():
            raise InputError(
                str(final),
                "sudah ada berkas dengan nomor ini, tetapi log tidak mencatatnya; pindahkan "
                "berkas itu lalu ulangi / a file with this number exists that the log does "
                "not record; move it away and try again",
            )

    @staticmethod
    def _sign_settings(signer: SignerProfile, number: str, profile: BodyProfile) -> Any:
        from ujikon.documents.signing import SignSettings

        return SignSettings(
            field_name=f"TandaTangan_{signer.role.value}",
            reason=f"Menetapkan SK Nomor {number}",
            location=profile.place,
            name=signer.name,
            tsa_url=profile.tsa_url or None,
        )

    def _render_signed(
        self,
        ordered: Sequence[Case],
        profile: BodyProfile,
        signers: Sequence[tuple[SignerProfile, Any]],
        serial: int,
        number: str,
        final: Path,
        today: date,
        head: ChainHead,
        people: Mapping[str, Person],
    ) -> _Signed:
        """The decree rendered with ``number`` and the chain head ``head`` (printed on it
        and carried in its embedded decision), then signed by ``signers`` in turn."""
        from ujikon.documents.render import RenderSettings, render_pdf
        from ujikon.documents.signing import sign_pdf

        facts = DecreeFacts(
            number=number,
            dated=today,
            place=profile.place,
            chain_seq=head.seq,
            chain_head=head.hash,
        )
        document, decision_json = decree_document(
            ordered,
            profile,
            self.service.catalogue,
            facts,
            logo_data_uri=self._logo(profile),
            people=people,
        )
        pdf = render_pdf(document, RenderSettings(pdf_tags=profile.tagged_pdf))
        issued_signers = []
        for signer, loaded in signers:
            pdf = sign_pdf(pdf, loaded, self._sign_settings(signer, number, profile))
            issued_signers.append(_issued_signer(signer, loaded))
        return _Signed(
            serial=serial,
            number=number,
            place=profile.place,
            final=final,
            pdf=pdf,
            decision_json=decision_json,
            qr_text=document.qr_text,
            chain_seq=head.seq,
            chain_head=head.hash,
            signers=tuple(issued_signers),
        )

    def _record(self, made: _Signed, today: date) -> IssueRecord:
        """What the log records of ``made``: enough to check the PDF against it."""
        return IssueRecord(
            number=made.number,
            serial=made.serial,
            year=today.year,
            dated=today,
            place=made.place,
            file=str(made.final.relative_to(self.workdir)),
            pdf_sha256=sha256_file_hex(made.pdf),
            decision_sha256=sha256_hex(made.decision_json),
            qr_text=made.qr_text,
            chain_seq=made.chain_seq,
            chain_head=made.chain_head,
            catalogue_version=self.service.catalogue.version,
            signers=made.signers,
            cases=(),  # filled by _issue_plan from the decree
        )

    def _issue_plan(
        self,
        decree: Decree,
        record: IssueRecord,
        actor: Actor,
        cases: dict[str, Case],
        superseded: Mapping[str, Case],
        more: Sequence[AppendBatch],
        now: datetime,
    ) -> AppendPlan:
        """The events and index rows of issuing ``decree`` as ``record`` (its last
        signature placed): the decree issued, ``more`` (the number, when it is taken now),
        every case decreed on the date the decree was set (and an older revision it
        retests superseded)."""
        record = record.model_copy(update={"cases": tuple(decree.cases)})
        issued_event = decide_issue(decree, record, actor, cases, now)
        batches = [AppendBatch(decree.subject, decree.version, [issued_event]), *more]
        index: list[IndexEntry] = []
        for ref in decree.cases:
            case = cases[ref]
            case_events = decide(
                case,
                "include_in_decree",
                {"decree_number": record.number, "decree_date": record.dated.isoformat()},
                actor,
                self.service.catalogue,
                now,
                self.service.today(now),
            )
            batches.append(AppendBatch(case.subject, case.version, case_events))
            index.append(case_index_entry(walk(case, list(case_events))))
            old = superseded.get(ref)
            if old is not None:
                batches.append(
                    AppendBatch(old.subject, old.version, [decide_supersede(old, case, actor, now)])
                )
        index.append(decree_index_entry(apply_decree(decree, issued_event)))
        return AppendPlan(batches, index)

    def _witness(self, seq: int, head_hash: str) -> None:
        """Write the head after an issue to the checkpoint file, synced (a decree's head
        is always witnessed, whether or not the store writes one after every commit)."""
        witness = getattr(self.log, "witness", None) or HeadWitness(self.workdir / CHECKPOINT_FILE)
        witness.record_quietly(seq, head_hash, force=True)

    def finish_pending(self) -> list[Path]:
        """Complete renames a crash interrupted; remove temporary files nobody recorded."""
        root = self.workdir / "sk"
        if not root.is_dir():
            return []
        pending = list(root.rglob(f"*.pdf.*{_TMP_SUFFIX}"))
        if not pending:
            return []  # the usual case: nothing to finish, no decree to read
        recorded = {
            record.file: record.pdf_sha256
            for d in self.all()
            for record in (d.issue, d.signing if d.state is DecreeState.SIGNING else None)
            if record is not None
        }
        finished = []
        for tmp in pending:
            final = tmp.with_name(tmp.name[: -len(_TMP_SUFFIX)].rsplit(".", 1)[0])
            rel = str(final.relative_to(self.workdir))
            try:
                if (
                    rel in recorded
                    and not final.exists()
                    and sha256_file_hex(tmp.read_bytes()) == recorded[rel]
                ):
                    os.replace(tmp, final)
                    finished.append(final)
                    continue
                if _tmp_owner_alive(tmp) and time.time() - tmp.stat().st_mtime < _STALE_TMP_S:
                    continue  # an issue in progress (another thread or process): not ours
            except FileNotFoundError:
                continue  # its issuer renamed or removed it meanwhile
            logger.info("removing unrecorded temporary file %s", tmp)
            tmp.unlink(missing_ok=True)
        return finished

    def revoke(self, acting: Acting, key: str, reason: str, replaced_by: str = "") -> Decree:
        actor = self.service.actor(acting)
        decree = self.find(key)
        try:
            payload = Revoke(reason=reason, replaced_by=replaced_by)
        except ValidationError as exc:
            raise InputError("reason", schema_text(exc.errors()[:1], "reason")) from None
        event = decide_revoke(decree, payload, actor, self.service.now())
        revoked = apply_decree(decree, event)
        self.service.writer.commit_events(
            [AppendBatch(decree.subject, decree.version, [event])], [decree_index_entry(revoked)]
        )
        return revoked


def _tmp_beside(final: Path) -> Path:
    """A temporary name of its own beside ``final``: two writers never share one."""
    return final.with_name(f"{final.name}.{os.getpid()}-{secrets.token_hex(4)}{_TMP_SUFFIX}")


def _issued_signer(signer: SignerProfile, loaded: Any) -> IssuedSigner:
    return IssuedSigner(
        role=signer.role.value,
        name=signer.name,
        nip=signer.nip,
        office=signer.office,
        certificate_subject=loaded.info.subject,
        certificate_sha256=loaded.info.fingerprint_sha256,
    )


def _crash_from_env(point: str) -> None:
    if os.environ.get(CRASH_ENV) == point:
        logger.warning("fault injection: ending the process at %s", point)
        os._exit(86)


def _named(case: Case) -> set[str]:
    """Everyone a case's sheet names: its opener, recorders, reviewers and approver."""
    names = {case.opened_by, *case.drafters, *(r.by for r in case.reviews)}
    names |= {record.by for record in case.steps.values()}
    if case.approved_by:
        names.add(case.approved_by)
    return names
