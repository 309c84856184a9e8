"""The forms of the categorisation commands (CategorisationService) on the school page. Their
choices come from the authority's policy pack (its categories and their criteria) and from the
users (the officers to allocate), so they are built for each request."""

from __future__ import annotations

from scc.domain.categorisation import BASES
from scc.web.forms import Field, FormSpec, Values, on_field, reason_field
from scc.web.state import Web


def _self_assessment(w: Web, user: str, urn: str, v: Values) -> str:
    w.services.categorisation.self_assessment(user, urn, v["category"], v["on"], v["reason"])
    return f"The school's self-assessment ({v['category']}) recorded."


def _propose(w: Web, user: str, urn: str, v: Values) -> str:
    w.services.categorisation.propose(user, urn, v["category"], v["criteria"], v["evidence"],
                                      v["on"])
    return f"Category {v['category']} proposed; discuss it with the headteacher next."


def _discuss(w: Web, user: str, urn: str, v: Values) -> str:
    w.services.categorisation.discuss(user, urn, v["notes"], v["on"])
    return "Discussion with the headteacher recorded."


def _confirm(w: Web, user: str, urn: str, v: Values) -> str:
    w.services.categorisation.confirm(user, urn, v["category"], v["reason"], v["on"], v["basis"])
    return f"Category {v['category']} confirmed; notify the school in writing next."


def _notify(w: Web, user: str, urn: str, v: Values) -> str:
    recipients = w.services.categorisation.notify(user, urn, v["on"])
    return f"Written notification of the category recorded, to {', '.join(recipients)}."


def _allocate(w: Web, user: str, urn: str, v: Values) -> str:
    w.services.categorisation.allocate(user, urn, v["officer"], v["on"], v["reason"])
    return f"{v['officer']} allocated as the school's officer."


def category_forms(web: Web, user: str, urn: str) -> dict[str, FormSpec]:
    """The forms for the school `urn`: its authority's categories, and the officers acting for
    that authority."""
    choices = web.services.categorisation.choices(user, urn)
    scheme = choices["scheme"]
    category = Field("category", "Category", "radios", choices=tuple(
        (c.code, f"{c.code}: {c.title}") for c in scheme.categories))
    criteria: dict[str, str] = {}
    for c in scheme.categories:
        for key, text in c.criteria.items():
            criteria.setdefault(key, f"{c.code}: {text}")
    officers = tuple((name, name) for name in choices["officers"])
    return {spec.key: spec for spec in (
        FormSpec("self-assessment", "Record the school's self-assessment",
                 (category, on_field("Date of the self-assessment"), reason_field()),
                 "Record self-assessment", _self_assessment, permission="category.record"),
        FormSpec("propose-category", "Propose a category",
                 (category, Field("criteria", "Criteria that apply", "checkboxes",
                                  hint="Choose the criteria of the category you propose.",
                                  choices=tuple(criteria.items())),
                  Field("evidence", "Evidence", "textarea"), on_field("Date of the proposal")),
                 "Propose category", _propose, permission="category.record"),
        FormSpec("discuss-category", "Record the discussion with the headteacher",
                 (Field("notes", "Notes of the discussion", "textarea"),
                  on_field("Date of the discussion")),
                 "Record discussion", _discuss, permission="category.record"),
        FormSpec("confirm-category", "Confirm the school's category",
                 (category, reason_field(required=True, label="Why this category"),
                  Field("basis", "Basis for a place on the register", "radios", required=False,
                        hint="Leave unselected to use the latest Ofsted judgement if it is a "
                             "concern, otherwise the authority's own concern.",
                        choices=tuple((b, b.replace("-", " ").capitalize()) for b in BASES)),
                  on_field("Date of the decision")),
                 "Confirm category", _confirm, permission="category.confirm"),
        FormSpec("notify-category", "Record the written notification of the category",
                 (on_field("Date the letter was sent"),), "Record notification", _notify,
                 permission="category.confirm"),
        FormSpec("allocate-officer", "Allocate the school's officer",
                 (Field("officer", choices["officer_title"][0].upper()
                        + choices["officer_title"][1:], "radios", choices=officers),
                  on_field("Date of the allocation"), reason_field()),
                 "Allocate officer", _allocate, permission="school.allocate"),
    )}
