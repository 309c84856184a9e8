"""The authority's policy pack (workflows/policies/NAME.yaml), one active per deployment."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml

from scc.domain.categorisation import CategoryScheme, scheme_from_settings
from scc.rules import WORKFLOWS_DIR

POLICIES_DIR = WORKFLOWS_DIR / "policies"


class UnknownPolicy(ValueError):
    pass


@dataclass(frozen=True)
class VisitRules:
    """Turnaround of a progress-and-impact visit report, in working days."""

    report_days: int
    report_rule: str
    return_days: int
    return_rule: str


@dataclass(frozen=True)
class MeetingRules:
    """Documents a school sends before its progress meeting, and how long before."""

    documents_days_before: int
    documents_rule: str
    documents: dict[str, str]


@dataclass(frozen=True)
class Policy:
    name: str
    authority: str
    address: tuple[str, ...]
    signatory: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict, repr=False)
    scheme: CategoryScheme | None = field(default=None, repr=False)
    visits: VisitRules | None = None
    meetings: MeetingRules | None = None


def available_policies() -> list[str]:
    return sorted(p.stem for p in POLICIES_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=8)
def load_policy(name: str) -> Policy:
    path = POLICIES_DIR / f"{name}.yaml"
    if not path.exists():
        raise UnknownPolicy(
            f"No policy pack '{name}'; available: {', '.join(available_policies())}."
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Policy(
        name=data["name"], authority=data["authority"], address=tuple(data.get("address", ())),
        signatory=dict(data.get("signatory", {})), settings=data,
        scheme=scheme_from_settings(data["categorisation"]) if "categorisation" in data else None,
        visits=_visit_rules(data.get("visits")), meetings=_meeting_rules(data.get("meetings")),
    )


def _visit_rules(data: dict[str, Any] | None) -> VisitRules | None:
    if not data:
        return None
    return VisitRules(int(data["report_due_working_days"]), str(data["report_rule"]),
                      int(data["return_due_working_days"]), str(data["return_rule"]))


def _meeting_rules(data: dict[str, Any] | None) -> MeetingRules | None:
    if not data:
        return None
    return MeetingRules(int(data["documents_due_days_before"]), str(data["documents_rule"]),
                        {str(k): str(v) for k, v in data["documents"].items()})
