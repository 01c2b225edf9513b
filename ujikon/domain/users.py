"""Users of a workspace, as events: who may act, in which role and unit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from ujikon.domain.events import NewEvent
from ujikon.domain.roles import ADMIN_ARTICLE, ADMIN_MANAGES_USERS, Actor, Role
from ujikon.domain.text import StorableModel
from ujikon.errors import RuleViolation

__all__ = [
    "AddUser",
    "UpdateUser",
    "User",
    "apply_user",
    "decide_add_user",
    "decide_password_set",
    "decide_set_active",
    "decide_update_user",
    "user_subject",
]

_ADMIN_RULE = ADMIN_MANAGES_USERS
_ADMIN_ARTICLE = ADMIN_ARTICLE


def user_subject(username: str) -> str:
    return f"user:{username}"


class AddUser(StorableModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    username: str = Field(pattern=r"^[a-z][a-z0-9._-]{1,39}$")
    role: Role
    full_name: str = Field(default="", max_length=200)
    unit: str = Field(default="", max_length=200)
    nip: str = Field(default="", pattern=r"^[0-9 ]{0,30}$")
    """Nomor Induk Pegawai, for the signature block of documents."""
    position: str = Field(default="", max_length=200)
    """Jabatan, as a berita acara names it, e.g. "Analis Hukum Ahli Muda, Bagian Hukum"."""


class UpdateUser(StorableModel):
    """What an admin changes of a user's profile: only the fields given (``None`` keeps)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    full_name: str | None = Field(default=None, max_length=200)
    nip: str | None = Field(default=None, pattern=r"^[0-9 ]{0,30}$")
    position: str | None = Field(default=None, max_length=200)
    role: Role | None = None
    unit: str | None = Field(default=None, max_length=200)

    def given(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class User(AddUser):
    added_by: str
    added_at: datetime
    active: bool = True

    def as_actor(self) -> Actor:
        return Actor(
            username=self.username,
            role=self.role,
            unit=self.unit,
            full_name=self.full_name,
            nip=self.nip,
            position=self.position,
        )


def decide_add_user(
    payload: AddUser, actor: Actor | None, existing: Iterable[User], now: datetime
) -> NewEvent:
    """The event adding a user. The first user of a workspace is an admin added by nobody;
    every later one is added by an admin.

    :raises RuleViolation: ``admin-manages-users`` when that is not so.
    """
    users = list(existing)
    if any(u.username == payload.username for u in users):
        raise RuleViolation(
            _ADMIN_RULE,
            _ADMIN_ARTICLE,
            f"Pengguna '{payload.username}' sudah ada.",
            f"User '{payload.username}' already exists.",
            "username",
        )
    if not users:
        if payload.role is not Role.ADMIN:
            raise RuleViolation(
                _ADMIN_RULE,
                _ADMIN_ARTICLE,
                "Pengguna pertama sebuah ruang kerja harus admin (--role admin); admin itu "
                "kemudian menambah pengguna lain.",
                "The first user of a workspace must be an admin (--role admin), who then adds "
                "the others.",
                "role",
            )
        by, by_role = payload.username, Role.ADMIN
    elif actor is None or actor.role is not Role.ADMIN:
        who = f"'{actor.username}' ({actor.role.value})" if actor else "tanpa pengguna / no user"
        raise RuleViolation(
            _ADMIN_RULE,
            _ADMIN_ARTICLE,
            f"Hanya admin yang dapat menambah pengguna; pelaku: {who}. Gunakan --as ADMIN "
            "atau UJIKON_USER.",
            f"Only an admin may add users; acting: {who}. Use --as ADMIN or UJIKON_USER.",
        )
    else:
        by, by_role = actor.username, actor.role
    return NewEvent(
        subject=user_subject(payload.username),
        action="user.added",
        actor=by,
        role=by_role.value,
        recorded_at=now,
        payload={"data": payload.model_dump(mode="json")},
    )


def apply_user(user: User | None, event: NewEvent) -> User:
    """Fold one ``user.*`` event."""
    data = event.payload["data"]
    if event.action == "user.added":
        return User(**data, added_by=event.actor, added_at=event.recorded_at)
    if user is None:
        raise ValueError(f"{event.action} before user.added on {event.subject}")
    if event.action == "user.deactivated":
        return user.model_copy(update={"active": False})
    if event.action == "user.reactivated":
        return user.model_copy(update={"active": True})
    if event.action == "user.updated":
        return User.model_validate({**user.model_dump(mode="json"), **data})
    if event.action == "user.password_set":
        return user
    raise ValueError(f"unknown user event {event.action}")


def decide_password_set(target: User, actor: Actor | None, now: datetime) -> NewEvent:
    """The event recording *that* ``target``'s password was set (never the password or
    its hash). An admin sets anyone's; a user changes their own. ``actor`` is ``None``
    only for the first admin setting their own password as the workspace is made.

    :raises RuleViolation: ``admin-manages-users`` otherwise.
    """
    if actor is None:
        by, by_role = target.username, target.role
    elif actor.role is Role.ADMIN or actor.username == target.username:
        by, by_role = actor.username, actor.role
    else:
        raise RuleViolation(
            _ADMIN_RULE,
            _ADMIN_ARTICLE,
            f"Hanya admin atau pemiliknya yang dapat mengganti kata sandi '{target.username}'.",
            f"Only an admin or its owner may set the password of '{target.username}'.",
            "username",
        )
    return NewEvent(
        subject=user_subject(target.username),
        action="user.password_set",
        actor=by,
        role=by_role.value,
        recorded_at=now,
        payload={"data": {}},
    )


def _admin_acting(actor: Actor, what_id: str, what_en: str, target: str) -> None:
    if actor.role is not Role.ADMIN:
        raise RuleViolation(
            _ADMIN_RULE,
            _ADMIN_ARTICLE,
            f"Hanya admin yang dapat {what_id} '{target}'; pelaku: '{actor.username}' "
            f"({actor.role.value}).",
            f"Only an admin may {what_en} '{target}'; acting: '{actor.username}' "
            f"({actor.role.value}).",
            "username",
        )


def _keeps_an_admin(target: User, users: Iterable[User], what_id: str, what_en: str) -> None:
    """A workspace without an active admin can add no user and set no profile again."""
    others = [
        u for u in users if u.active and u.role is Role.ADMIN and u.username != target.username
    ]
    if target.active and target.role is Role.ADMIN and not others:
        raise RuleViolation(
            _ADMIN_RULE,
            _ADMIN_ARTICLE,
            f"'{target.username}' adalah satu-satunya admin aktif; {what_id} akan membuat "
            "ruang kerja tanpa admin. Tambahkan admin lain lebih dahulu.",
            f"'{target.username}' is the only active admin; {what_en} would leave the "
            "workspace without one. Add another admin first.",
            "role",
        )


def decide_update_user(
    target: User, changes: UpdateUser, actor: Actor, users: Iterable[User], now: datetime
) -> NewEvent:
    """The event changing ``target``'s profile (name, NIP, jabatan, role, unit). The
    history keeps what the user did under their earlier role: the log is not rewritten.

    :raises RuleViolation: ``admin-manages-users``: not an admin, nothing changes, or the
        last active admin would lose the role.
    """
    _admin_acting(actor, "mengubah profil pengguna", "change the profile of", target.username)
    current = target.model_dump(mode="json")
    data = {k: v for k, v in changes.given().items() if current.get(k) != v}
    if not data:
        raise RuleViolation(
            _ADMIN_RULE,
            _ADMIN_ARTICLE,
            f"Tidak ada yang berubah pada profil '{target.username}'.",
            f"Nothing changes in the profile of '{target.username}'.",
            "username",
        )
    if "role" in data:
        _keeps_an_admin(target, users, "mengganti perannya", "changing their role")
    return NewEvent(
        subject=user_subject(target.username),
        action="user.updated",
        actor=actor.username,
        role=actor.role.value,
        recorded_at=now,
        payload={"data": data},
    )


def decide_set_active(
    target: User, active: bool, actor: Actor, users: Iterable[User], now: datetime, reason: str
) -> NewEvent:
    """The event deactivating (or reactivating) ``target``: a deactivated user can neither
    log in nor act, and their name stays in the history of what they did.

    :raises RuleViolation: ``admin-manages-users``: not an admin, already so, or the last
        active admin.
    """
    verb_id, verb_en = ("mengaktifkan", "reactivate") if active else ("menonaktifkan", "deactivate")
    _admin_acting(actor, verb_id, verb_en, target.username)
    if target.active is active:
        state_id, state_en = (
            ("sudah aktif", "is active") if active else ("sudah nonaktif", "is inactive")
        )
        raise RuleViolation(
            _ADMIN_RULE,
            _ADMIN_ARTICLE,
            f"Pengguna '{target.username}' {state_id}.",
            f"User '{target.username}' already {state_en}.",
            "username",
        )
    if not active:
        _keeps_an_admin(target, users, "menonaktifkannya", "deactivating them")
    return NewEvent(
        subject=user_subject(target.username),
        action="user.reactivated" if active else "user.deactivated",
        actor=actor.username,
        role=actor.role.value,
        recorded_at=now,
        payload={"data": {"reason": reason} if reason else {}},
    )
