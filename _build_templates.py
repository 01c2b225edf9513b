"""Build step: ship the top-level ``templates/`` inside the wheel as ``ujikon/_templates``.

The templates live beside the package in the repository (design.md: ``templates/``) so
that a body can read and adapt them; an installed ujikon finds the same files inside the
package (:mod:`ujikon.documents.templates`). An editable install reads the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py


class BuildPyWithTemplates(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        source = Path(__file__).resolve().parent / "templates"
        target = Path(self.build_lib) / "ujikon" / "_templates"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)
