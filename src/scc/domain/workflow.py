"""The port through which a case consults its rule set's transition table.

The table itself is data (workflows/*.yaml) loaded by scc.rules; the domain only needs to ask
where a trigger leads from a state and which named guards must pass on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from scc.domain.values import Power


@dataclass(frozen=True)
class Step:
    """Where a trigger leads from a state, and the guards (by name) that must pass."""

    trigger: str
    source: str
    dest: str
    guards: tuple[str, ...]


@dataclass(frozen=True)
class PowerRule:
    power: Power
    title: str
    needs_consent: bool
    after_s60a: bool
    # Powers whose exercise bars this one, each with the statutory reason (e.g. s64 once an
    # interim executive board is constituted under s65: EIA 2006 Sch 6 para 14).
    barred_after: dict[str, str] = field(default_factory=dict)
    # Who must consent before the power is exercised, and the provision requiring it.
    consent_by: str = "the Regional Director"
    consent_source: str | None = None

    @property
    def consent_of(self) -> str:
        """'the Regional Director's', 'the Welsh Ministers''."""
        return self.consent_by + ("'" if self.consent_by.endswith("s") else "'s")


class Workflow(Protocol):
    """A versioned rule set as the aggregate sees it."""

    name: str
    # Guards every act on a case must pass, whatever its trigger (the school open on the date).
    act_guards: tuple[str, ...]
    # Per trigger, guards checked after the act's own checks (local policy steps).
    last_guards: dict[str, tuple[str, ...]]
    # Academy orders (Academies Act 2010 s4): duty (s4(A1)), duty_source, power_source, saving.
    academy_order: dict[str, Any]
    # The Secretary of State's powers (EIA 2006 ss67-69): title, section, eligible_by, barred_after.
    secretary_of_state_powers: dict[str, dict[str, Any]]
    # Coasting schools (EIA 2006 s60B): from, source.
    coasting: dict[str, Any]
    # Inspection categories that give eligibility: outcome -> section, requires, basis.
    ofsted_categories: dict[str, dict[str, str]]
    # The key of the central government's own warning notice in `warning_notices`.
    central_warning_notice: str
    urgent_risk: dict[str, Any]

    def step(self, state: str, trigger: str) -> Step:
        """The transition for trigger from state; raises RuleViolation if there is none."""

    def stage(self, state: str) -> int | None: ...

    def state_title(self, state: str) -> str: ...

    def power(self, power: Power) -> PowerRule: ...

    def warning_notice_refusal(self, kind: str, on: date) -> str | None:
        """Why a warning notice of `kind` cannot be given on `on` under this rule set, or None."""

    def grounds_refusal(self, kind: str, grounds: list[str]) -> str | None:
        """Why a warning notice of `kind` cannot rest on `grounds` under this rule set, or None."""

    def representations_route(self, kind: str) -> dict[str, str] | None:
        """Who receives representations against a notice of `kind` (old regime: body, title,
        source, record_with), or None where the rule set has no representations."""


@dataclass(frozen=True)
class Deadline:
    """A deadline as stored in the event that set it: a concrete date and the rule behind it."""

    kind: str
    due: date
    rule: str
