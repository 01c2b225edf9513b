"""Fixtures of the decree tests; the helpers live in ``decrees_support``."""

from decrees_support import bench, dev_keys

__all__ = ["bench", "dev_keys"]
