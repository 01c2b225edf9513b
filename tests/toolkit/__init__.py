"""The tests' toolkit: what more than one test package needs, in one place.

Importable as ``toolkit`` because ``tests/`` is on ``sys.path`` (pytest puts the folder of
the top-level ``conftest.py`` there). Per-area helpers live next to their tests in one
``<area>_support.py`` each and import from here.

* :mod:`toolkit.core` (re-exported here): the test clock, the users of every role, a
  service on a store, samples, an approved sample case.
* :mod:`toolkit.body`: the one body profile (:data:`~toolkit.body.PROFILE`), the signers,
  the development keys and their passphrase, and how to install them.
* :mod:`toolkit.walk`: the one :func:`~toolkit.walk.walk` through the statutory steps,
  and :func:`~toolkit.walk.case_plan`, a whole case as an importable plan.
* :mod:`toolkit.stores`: PostgreSQL schemas for a test.
* :mod:`toolkit.cli`: ``ujikon`` run in-process (:class:`~toolkit.cli.Cli`).
* :mod:`toolkit.web`: the web application over a workspace and logged-in clients.
"""

from toolkit.body import (
    BODY_NAME,
    HEAD_NAME,
    HEAD_SIGNER,
    KEY_PASSPHRASE,
    PASSPHRASES,
    PLACE,
    PPID_NAME,
    PPID_SIGNER,
    PROFILE,
    body_profile,
    install_keys,
    install_profile,
    make_dev_keys,
)
from toolkit.cli import Cli, cli_runner, flat
from toolkit.core import (
    REPO,
    SAMPLES,
    USERS,
    Clock,
    add_users,
    approved_case,
    at_wib,
    make_service,
)
from toolkit.walk import STEPS, case_plan, case_steps, walk

__all__ = [
    "BODY_NAME",
    "HEAD_NAME",
    "HEAD_SIGNER",
    "KEY_PASSPHRASE",
    "PASSPHRASES",
    "PLACE",
    "PPID_NAME",
    "PPID_SIGNER",
    "PROFILE",
    "REPO",
    "SAMPLES",
    "STEPS",
    "USERS",
    "Cli",
    "Clock",
    "add_users",
    "approved_case",
    "at_wib",
    "body_profile",
    "case_plan",
    "case_steps",
    "cli_runner",
    "flat",
    "install_keys",
    "install_profile",
    "make_dev_keys",
    "make_service",
    "walk",
]
