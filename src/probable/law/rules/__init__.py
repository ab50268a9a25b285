"""Every legal rule, one module per instrument, and the registry `RULES` (id -> Rule).

Adding a rule: write it in its instrument's module (or a new module listed here), give
it a citation and dates, add a legal example naming it under tests/law/examples/, and
list its id in the profiles that apply it (`probable.law.profiles`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from probable.law.errors import RuleDataError
from probable.law.rule import Rule
from probable.law.rules import (
    directive_16001,
    gonzalez,
    ninth_circuit,
    policy_10074,
    practice,
    regulation,
    settlement,
    state,
)

_MODULES = (
    regulation,
    practice,
    directive_16001,
    policy_10074,
    gonzalez,
    ninth_circuit,
    settlement,
    state,
)


def _registry() -> Mapping[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in _MODULES:
        prefix = module.__name__.rsplit(".", 1)[-1]
        for rule in module.RULES:
            if not rule.id.startswith(prefix + "."):
                raise RuleDataError(f"rule {rule.id} must be named {prefix}.<name>")
            if rule.id in rules:
                raise RuleDataError(f"duplicate rule id {rule.id}")
            rules[rule.id] = rule
    return MappingProxyType(rules)


#: Every rule, by id, in instrument order.
RULES: Mapping[str, Rule] = _registry()

__all__ = ["RULES"]
