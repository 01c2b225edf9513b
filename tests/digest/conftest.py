"""Fixtures of the digest tests; the helpers themselves live in ``digest_support`` (a module
with a name of its own, so test files never import an ambiguous ``conftest``)."""

from digest_support import office, smtp_server, tls_smtp_server

__all__ = ["office", "smtp_server", "tls_smtp_server"]
