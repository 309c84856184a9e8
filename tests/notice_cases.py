"""Shared scenery for the notice tests: the GIAS sample's schools and the fields of each notice."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.conftest import GIAS_SAMPLE

D = date.fromisoformat

VOLUNTARY_AIDED = "100000"  # Sir John Cass's Foundation Primary School, Diocese of London
COMMUNITY = "100008"  # Argyle Primary School, Camden

S60: dict[str, Any] = {
    "grounds": ["standards", "governance"],
    "evidence": [
        ("At the end of Key Stage 2 in 2025, 38% of pupils reached the expected standard in "
         "reading, writing and mathematics combined, against 61% nationally."),
        "The governing body has not met since 9 July 2025.",
    ],
    "action_required": ["Adopt a costed improvement plan for reading and mathematics.",
                        "Commission an external review of governance."],
    "minded_to": ["Appoint additional governors under section 64."],
}

FIELDS: dict[str, dict[str, Any]] = {
    "categorisation": {"category": "AMBER", "reasons": ["Requires improvement (March 2025)."],
                       "support": ["A named School Effectiveness Officer."],
                       "review_by": "2026-04-01"},
    "notice-of-concern": {"concerns": ["Attendance has fallen to 89%."],
                          "action_required": ["Set out how attendance will be raised."],
                          "plan_due": "2026-02-06", "support": ["Two visits by the SEO."]},
    "s60": S60,
    "s60a": {"evidence": ["Pay progression decisions for 2025 were not made by 31 October."],
             "action_required": ["Make and record the pay decisions."],
             "minded_to": ["Suspend the delegated budget under section 66."]},
    "intention-to-intervene": {"powers": ["s64", "s65"],
                               "failures": ["No improvement plan was adopted."],
                               "proposed_from": "2026-02-20"},
    "rd-notification": {"powers": ["s65"], "reasons": ["The warning notice was not complied with."],
                        "proposed_from": "2026-02-20",
                        "ieb_members": ["A. Chair (chair)", "B. Member"]},
    "power-s63": {"arrangements": ["A collaboration agreement with Oak Primary School."],
                  "effective_from": "2026-02-20", "reasons": ["Leadership needs support."]},
    "power-s64": {"governors": ["C. Governor", "D. Governor"], "effective_from": "2026-02-20",
                  "reasons": ["Governance has broken down."]},
    "power-s65": {"ieb_members": ["A. Chair (chair)", "B. Member"], "consent_date": "2026-02-12",
                  "effective_from": "2026-02-20", "reasons": ["Governance has broken down."]},
    "power-s66": {"effective_from": "2026-02-20", "reasons": ["Budget deficit unmanaged."]},
    "step-down": {"progress": ["The improvement plan has been adopted and its first milestones met."],
                  "support": ["Termly progress meetings until July."]},
    "visit-report": {"visit_date": "2026-01-12", "officer": "Sue Example",
                     "focus": ["Reading in Key Stage 1", "Governors' monitoring"]},
}


def import_sample(svc: Any) -> None:
    svc.schools.import_gias("sam", GIAS_SAMPLE)


def open_case(svc: Any, urn: str, on: str = "2026-01-05") -> str:
    reference: str = svc.cases.open("sam", urn, "Attainment falling for three years", D(on))
    return reference
