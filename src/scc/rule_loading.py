"""Reading the rule-set files of workflows/rule-sets into RuleSets, each with its `transitions`
machine: imported by scc.rules.load_rule_book on a process's first use of the rule book."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from transitions import Machine

from scc.domain.guards import GUARDS
from scc.domain.values import Power
from scc.domain.workflow import PowerRule
from scc.rules import RuleSet
from scc.workflow_files import load_yaml


class RuleSetError(ValueError):
    """A workflow file is inconsistent (unknown guard, state or missing field)."""


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = load_yaml(handle)
    if not isinstance(data, dict):
        raise RuleSetError(f"{path} does not hold a mapping")
    return data


def _merged(data: dict[str, Any], folder: Path,
            read: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    parent_name = data.get("extends")
    if not parent_name:
        return data
    parent = _merged(read(folder / f"{parent_name}.yaml"), folder, read)
    merged = {**parent, **data, "abstract": False}
    merged["transitions"] = list(parent.get("transitions", [])) + list(
        data.get("extra_transitions", [])
    )
    return merged


def _transitions(data: dict[str, Any]) -> list[dict[str, Any]]:
    extra_guards: dict[str, list[str]] = data.get("extra_guards") or {}
    every_act = _known_guards(data, data.get("every_act") or [])
    result = []
    for spec in data["transitions"]:
        conditions = every_act + list(spec.get("conditions", [])) + \
            extra_guards.get(spec["trigger"], [])
        _known_guards(data, conditions)
        result.append({**spec, "conditions": conditions})
    return result


def _known_guards(data: dict[str, Any], names: list[str]) -> list[str]:
    for name in names:
        if name not in GUARDS:
            raise RuleSetError(f"{data['name']}: unknown guard '{name}'")
    return list(names)


def _rule_set(data: dict[str, Any]) -> RuleSet:
    try:
        machine = Machine(
            model=None,
            states=list(data["states"]),
            transitions=_transitions(data),
            initial="open",
            auto_transitions=False,
            send_event=False,
        )
        representations = data.get("representations") or {}
        return RuleSet(
            name=data["name"],
            title=data["title"],
            effective_from=data["effective_from"],
            effective_until=data.get("effective_until"),
            calendar_variant=data["calendar_variant"],
            compliance_default_days=int(data["compliance_period"]["default_working_days"]),
            compliance_rule=data["compliance_period"]["rule"],
            # None: the powers do not lapse (Wales: the power to intervene lasts until the
            # authority notifies its conclusion, SSO(W)A 2013 s4).
            window_months=int((data["intervention_window"] or {}).get("months", 0)),
            window_rule=str((data["intervention_window"] or {}).get("rule", "")),
            representations_days=representations.get("working_days"),
            representations_rule=representations.get("rule"),
            states=data["states"],
            triggers=data["triggers"],
            powers={
                Power(key): PowerRule(Power(key), v["title"], bool(v["consent"]), v["after_s60a"],
                                      dict(v.get("barred_after") or {}),
                                      **_consent(v["consent"]))
                for key, v in data["powers"].items()
            },
            machine=machine,
            act_guards=tuple(data.get("every_act") or ()),
            jurisdiction=str(data.get("jurisdiction", "england")),
            refusals=dict(data.get("refusals") or {}),
            grounds=dict(data.get("grounds") or {}),
            central_warning_notice=str(data.get("central_warning_notice",
                                                "s60-secretary-of-state")),
            notice_kinds=dict(data.get("warning_notices") or {}),
            urgent_risk=dict(data.get("urgent_risk") or {}),
            compliance_fixed=bool(data["compliance_period"].get("fixed", False)),
            saving=data.get("saving"),
            statutory_copies=dict(data.get("statutory_copies") or {}),
            ofsted_categories=dict(data.get("ofsted_categories") or {}),
            representations_to=dict(representations.get("to") or {}),
            confirmed_compliance=dict(representations.get("confirmed") or {}),
            academy_order=dict(data.get("academy_order") or {}),
            secretary_of_state_powers=dict(data.get("secretary_of_state_powers") or {}),
            coasting=dict(data.get("coasting") or {}),
            last_guards={trigger: tuple(_known_guards(data, list(names)))
                         for trigger, names in (data.get("last_guards") or {}).items()},
        )
    except KeyError as missing:
        raise RuleSetError(f"{data.get('name')}: missing {missing}") from None


def _consent(consent: Any) -> dict[str, str]:
    """`consent: true` (England: the Regional Director's, for the Secretary of State) or
    `consent: {by: ..., source: ...}` naming who consents and the provision requiring it."""
    if isinstance(consent, dict):
        return {"consent_by": str(consent["by"]), "consent_source": str(consent["source"])}
    return {}


def rule_sets(folder: Path) -> list[RuleSet]:
    """Every concrete rule set in folder (files marked abstract only lend their content)."""
    found = []
    # Each file parsed once, however many rule sets extend it (england-common: three).
    read = functools.cache(_read)
    for path in sorted(folder.glob("*.yaml")):
        data = read(path)
        if not data.get("abstract"):
            found.append(_rule_set(_merged(data, folder, read)))
    return found
