"""Where the document templates live, and the Jinja2 environment that reads them.

The templates are plain files in the repository's top-level ``templates/`` directory
(``templates/decree/decree.html.j2`` and its stylesheet). They are found, in order:

1. ``UJIKON_TEMPLATES``: a directory named by this environment variable (a body that
   keeps its own letter layout, or a test);
2. the checkout: ``<repo>/templates`` when ``ujikon`` is imported from a source tree
   (the directory beside ``ujikon/`` holding ``pyproject.toml``; the marker keeps a
   stray ``site-packages/templates`` of some other wheel from being taken for ours);
3. the installed package: the same files shipped as ``ujikon/_templates`` inside the
   wheel, read through :class:`jinja2.PackageLoader` (which also works from a zip).

Autoescaping is always on: every text in a decree comes from users, and a ``<script>``
typed into a case must print as text.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import jinja2

__all__ = [
    "PACKAGE_DIR",
    "TEMPLATES_ENV",
    "checkout_templates",
    "environment",
    "read_text",
    "template_loader",
    "templates_location",
]

TEMPLATES_ENV = "UJIKON_TEMPLATES"
"""Environment variable naming a templates directory that overrides the shipped one."""

PACKAGE_DIR = "_templates"
"""Where the wheel carries the templates, relative to the ``ujikon`` package."""

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent  # .../ujikon


def checkout_templates() -> Path | None:
    """The repository's ``templates/`` when running from a checkout, else ``None``."""
    repo = _PACKAGE_ROOT.parent
    candidate = repo / "templates"
    if (repo / "pyproject.toml").is_file() and (candidate / "decree").is_dir():
        return candidate
    return None


def templates_location() -> str:
    """Where the templates are read from, for messages and ``--version`` style output."""
    override = os.environ.get(TEMPLATES_ENV)
    if override:
        return str(Path(override).resolve())
    checkout = checkout_templates()
    if checkout is not None:
        return str(checkout)
    return f"package ujikon/{PACKAGE_DIR}"


def _loader() -> jinja2.BaseLoader:
    override = os.environ.get(TEMPLATES_ENV)
    if override:
        path = Path(override)
        if not (path / "decree").is_dir():
            raise FileNotFoundError(
                f"{TEMPLATES_ENV}={override}: tidak ada direktori 'decree' di sana / "
                "no 'decree' directory there"
            )
        return jinja2.FileSystemLoader(str(path), encoding="utf-8")
    checkout = checkout_templates()
    if checkout is not None:
        return jinja2.FileSystemLoader(str(checkout), encoding="utf-8")
    try:
        return jinja2.PackageLoader("ujikon", PACKAGE_DIR, encoding="utf-8")
    except ValueError as exc:  # the wheel was built without its templates
        raise FileNotFoundError(
            f"templat dokumen tidak ditemukan / document templates not found: no checkout "
            f"'templates/' beside the package and no 'ujikon/{PACKAGE_DIR}' inside it "
            f"({exc}); set {TEMPLATES_ENV} to a templates directory"
        ) from exc


def template_loader() -> jinja2.BaseLoader:
    """The loader of the templates (override, checkout or package, as above); the web
    pages (``templates/web/``) are read through it too."""
    return _loader()


@lru_cache(maxsize=4)
def _environment(location: str) -> jinja2.Environment:
    # ``location`` only keys the cache: a changed UJIKON_TEMPLATES gets its own environment.
    del location
    return jinja2.Environment(
        loader=_loader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the document templates (autoescape on, strict undefined)."""
    return _environment(templates_location())


def read_text(name: str) -> str:
    """The raw text of a template file (e.g. ``decree/decree.css``), not rendered."""
    env = environment()
    assert env.loader is not None
    source, _filename, _uptodate = env.loader.get_source(env, name)
    return source
