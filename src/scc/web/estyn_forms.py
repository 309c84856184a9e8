"""The forms that record Estyn's inspection of a Welsh school and its follow-up visits on the
school page (SchoolService.record_estyn, record_estyn_follow_up), as `scc school estyn` and
`scc school estyn-follow-up` do. Special measures and significant improvement are grounds 8 and 7
(SSO(W)A 2013 s2): recording one makes the school's case eligible for intervention (s4)."""

from __future__ import annotations

from scc.domain.ofsted import (
    ESTYN_FOLLOW_UP_KINDS,
    ESTYN_FOLLOW_UP_OUTCOMES,
    ESTYN_OUTCOMES,
    estyn_words,
)
from scc.web.forms import Field, FormSpec, Values, on_field
from scc.web.state import Web

_GROUND = {"special-measures": " (ground 8 for intervention)",
           "significant-improvement": " (ground 7 for intervention)"}
_KINDS = {"monitoring": "Monitoring visit (special measures or significant improvement)",
          "estyn-review": "Review visit (Estyn review)"}
_FOLLOW_UP = {"removed": "Removed from the follow-up", "remains": "Still in the follow-up"}


def _inspection(web: Web, user: str, urn: str, values: Values) -> str:
    reference = web.services.schools.record_estyn(user, urn, values["on"], values["outcome"])
    said = f"Estyn's inspection recorded: {estyn_words(values['outcome'])}."
    if reference:
        said += f" Case {reference} is now eligible for intervention (SSO(W)A 2013 s4)."
    return said


def _follow_up(web: Web, user: str, urn: str, values: Values) -> str:
    web.services.schools.record_estyn_follow_up(user, urn, values["on"], values["kind"],
                                                values["outcome"])
    return (f"Estyn's {values['kind'].replace('-', ' ')} visit recorded: "
            f"{_FOLLOW_UP[values['outcome']].lower()}.")


ESTYN_FORMS = {spec.key: spec for spec in (
    FormSpec("inspection", "Record an Estyn inspection",
             (on_field("Date of the inspection"),
              Field("outcome", "Estyn's follow-up outcome", "radios",
                    choices=tuple((o, estyn_words(o).capitalize() + _GROUND.get(o, ""))
                                  for o in ESTYN_OUTCOMES))),
             "Record inspection", _inspection, permission="school.ofsted",
             intro="Special measures or significant improvement gives the authority the power "
                   "to intervene without a warning notice (SSO(W)A 2013 s4); a later inspection "
                   "with neither ends it."),
    FormSpec("follow-up", "Record an Estyn follow-up visit",
             (on_field("Date of the visit"),
              Field("kind", "Kind of visit", "radios", choices=tuple(_KINDS.items())),
              Field("outcome", "Outcome", "radios", choices=tuple(
                  (o, _FOLLOW_UP[o]) for o in ESTYN_FOLLOW_UP_OUTCOMES))),
             "Record visit", _follow_up, permission="school.ofsted",
             intro="A removal from special measures or significant improvement ends the "
                   "eligibility for intervention that rested on it."),
)}
assert set(_KINDS) == set(ESTYN_FOLLOW_UP_KINDS)  # every kind of visit Estyn makes is offered
