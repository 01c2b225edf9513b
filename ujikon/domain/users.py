"""Users of a workspace, as events: who may act, in which role and unit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import ConfigDict, Field

from ujikon.domain.events import NewEvent
from ujikon.domain.roles import ADMIN_ARTICLE, ADMIN_MANAGES_USERS, Actor, Role
from ujikon.domain.text import StorableModel
from ujikon.errors import RuleViolation

__all__ = [
    "AddUser",
    "User",
    "apply_user",
    "decide_add_user",
    "decide_password_set",
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
