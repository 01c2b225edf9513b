"""The application: the use cases that CLI and web call, one module per area (cases,
decrees, calendar, precedents, deadlines, lifecycle, register, digest, evidence, audit,
verification, demo, workspace). See ``docs/architecture.md``.

Nothing here imports :mod:`ujikon.cli` or :mod:`ujikon.web`; this package module imports
nothing, so that loading one area does not load the others.
"""
