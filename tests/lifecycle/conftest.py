"""Fixtures of the lifecycle tests; the helpers themselves live in ``lifecycle_support`` (a
module with a name of its own, so test files never import an ambiguous ``conftest``)."""

from lifecycle_support import cli_world, index_kind, world, world_both

__all__ = ["cli_world", "index_kind", "world", "world_both"]
