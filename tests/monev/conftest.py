"""Fixtures of the monev tests; the helpers themselves live in ``monev_support`` (a module
with a name of its own, so test files never import an ambiguous ``conftest``)."""

from monev_support import office, office_cli

__all__ = ["office", "office_cli"]
