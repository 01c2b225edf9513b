"""ujikon: the consequence test (uji konsekuensi) of UU 14/2008 as an auditable workflow."""

__all__ = ["__version__"]

__version__ = "0.1.0"
