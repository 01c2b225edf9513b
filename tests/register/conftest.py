"""Fixtures of the register tests; the helpers themselves live in ``register_support`` (a
module with a name of its own, so test files never import an ambiguous ``conftest``)."""

from register_support import pdftotext, timeline, workspace

__all__ = ["pdftotext", "timeline", "workspace"]
