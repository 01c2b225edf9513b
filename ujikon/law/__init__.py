"""The statute catalogue: the grounds of UU 14/2008 Pasal 17 and what the law says of them.

The catalogue is data (``law/data/catalogue.yaml``), validated at load into the frozen
models of :mod:`ujikon.law.models`. Use :func:`load_catalogue` for the bundled
catalogue, :func:`parse_catalogue` to validate other YAML text, and
:func:`normalise_ground_id` to turn an officer's citation ("Pasal 17 huruf h angka 2")
into a catalogue key (``17h2``).

This package does no I/O beyond reading its bundled resource.
"""

from ujikon.law.catalogue import load_catalogue, normalise_ground_id, parse_catalogue, parse_kinds
from ujikon.law.models import (
    Catalogue,
    DocumentCategory,
    Ground,
    InformationKind,
    Letter,
    PeriodRule,
)

__all__ = [
    "Catalogue",
    "DocumentCategory",
    "Ground",
    "InformationKind",
    "Letter",
    "PeriodRule",
    "load_catalogue",
    "normalise_ground_id",
    "parse_catalogue",
    "parse_kinds",
]
