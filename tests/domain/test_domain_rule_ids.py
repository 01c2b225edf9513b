"""Every rule a refusal names is in the registry: a scan of ``ujikon/`` for the rule ids
passed to ``RuleViolation`` (and the helpers that build one: ``violation``, the decree
module's ``_refuse``, the register import's ``_defect``) or looked up as ``RULES[...]``,
each of which must be a key of :data:`ujikon.domain.rules.RULES` with its article."""

from __future__ import annotations

import ast
from pathlib import Path

import ujikon
from ujikon.domain.rules import RULES

PACKAGE = Path(ujikon.__file__).resolve().parent

_BUILDERS = frozenset({"RuleViolation", "violation", "_refuse", "_defect"})
"""Callables whose first argument is a rule id."""


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` assignments (a rule id kept in a constant)."""
    out: dict[str, str] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            out.update({t.id: value.value for t in targets if isinstance(t, ast.Name)})
    return out


def _rule_ids(path: Path, known: dict[str, str]) -> set[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {**known, **_constants(tree)}

    def resolve(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        return names.get(_name(node))

    found: set[tuple[str, str]] = set()
    where = str(path.relative_to(PACKAGE.parent))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in _BUILDERS and node.args:
            rule_id = resolve(node.args[0])
            if rule_id is not None:
                found.add((rule_id, where))
        elif isinstance(node, ast.Subscript) and _name(node.value) == "RULES":
            rule_id = resolve(node.slice)
            if rule_id is not None:
                found.add((rule_id, where))
    return found


def _all_rule_ids() -> set[tuple[str, str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    known: dict[str, str] = {}
    for path in files:  # constants imported from another module (OWN_UNIT_RULE, ...)
        known.update(_constants(ast.parse(path.read_text(encoding="utf-8"))))
    found: set[tuple[str, str]] = set()
    for path in files:
        found |= _rule_ids(path, known)
    return found


def test_the_scan_finds_rule_ids() -> None:
    ids = {rule_id for rule_id, _ in _all_rule_ids()}
    assert {"role-may-act", "admin-manages-workspace", "decree-state"} <= ids


def test_every_rule_id_in_code_is_registered() -> None:
    missing = sorted((rule_id, where) for rule_id, where in _all_rule_ids() if rule_id not in RULES)
    assert missing == [], f"rule ids raised but not in RULES: {missing}"


def test_every_registered_rule_has_its_article() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.article.strip() and rule.summary_id.strip() and rule.summary_en.strip()
