"""The key-value table kept beside the log, as its users outside the service see it.

The store keeps small settings there that are no events (the body's name, password
hashes, the web's step-form drafts). :class:`MetaTable` names the two calls they make,
so that the web can hold ``service.log`` as a meta table without importing the store
(the web goes through the service: see ``tests/test_architecture.py``).
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["MetaTable"]


class MetaTable(Protocol):
    """Read and write one value by key (:class:`ujikon.store.api.EventLog` is one)."""

    def get_meta(self, key: str) -> str | None:
        """The value under ``key``, ``None`` if none was set."""
        ...

    def set_meta(self, key: str, value: str) -> None:
        """Set ``key`` to ``value`` (replacing what was there)."""
        ...
