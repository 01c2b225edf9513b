"""Fixtures of the web tests; the helpers live in ``web_support``."""

from web_support import web

__all__ = ["web"]
