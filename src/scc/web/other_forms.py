"""The forms of the school and administration commands (SchoolService, AdminService)."""

from __future__ import annotations

from scc.application.admin import PERSON_ROLES
from scc.application.schools import TYPE_ALIASES
from scc.domain.errors import InvalidInput
from scc.domain.values import OfstedOutcome
from scc.web.credentials import MIN_LENGTH
from scc.web.forms import Field, FormSpec, Values, on_field, reason_field
from scc.web.query import la_code
from scc.web.state import Web


def _open(w: Web, user: str, urn: str, v: Values) -> str:
    reference = w.services.cases.open(user, urn, v["reason"], v["on"])
    return f"Case {reference} opened."


def _grades(text: str | None) -> dict[str, str]:
    """The grades field, one AREA=GRADE a line (as `scc school ofsted --grade` takes them)."""
    pairs = [line.strip().partition("=") for line in (text or "").splitlines() if line.strip()]
    if any(not area.strip() or not eq or not grade.strip() for area, eq, grade in pairs):
        raise InvalidInput("Write each grade on its own line as AREA=GRADE, for example "
                           "leadership-and-management=requires-improvement.")
    return {area.strip(): grade.strip() for area, _, grade in pairs}


def _ofsted(w: Web, user: str, urn: str, v: Values) -> str:
    reference = w.services.schools.record_ofsted(user, urn, v["on"], v["outcome"],
                                                 _grades(v["grades"]), v["category"])
    extra = f" Case {reference} is now eligible for intervention." if reference else ""
    return "Ofsted judgement recorded." + extra


def _add_school(w: Web, user: str, _target: str, v: Values) -> str:
    urn = w.services.schools.add(user, v["urn"], v["name"], v["type"], v["phase"], diocese=v["diocese"],
                        trust=v["trust"])
    return f"School {urn} added."


def _closure(w: Web, user: str, _target: str, v: Values) -> str:
    w.services.admin.add_closure(user, v["on"], v["reason"])
    return "Closure day added; deadlines set from now on skip it."


SCHOOL_FORMS = {spec.key: spec for spec in (
    FormSpec("open-case", "Open a concern case",
             (on_field("Date the case is opened"),
              reason_field(required=True, label="Why the authority is concerned")),
             "Open case", _open),
    FormSpec("ofsted", "Record an Ofsted judgement",
             (on_field("Date of the inspection"),
              Field("outcome", "Overall effectiveness", "radios", required=False, optional=False,
                    hint="Inspections up to 31 August 2024 only: Ofsted gave no overall grade "
                         "after that.",
                    choices=tuple((o.value, o.value.replace("-", " ").capitalize())
                                  for o in OfstedOutcome)),
              Field("grades", "Grades", "textarea", required=False, optional=False,
                    hint="From September 2024: one AREA=GRADE a line, the key judgements (for "
                         "example leadership-and-management=requires-improvement) or, from 10 "
                         "November 2025, the report card (for example "
                         "achievement=needs-attention); safeguarding=met or not-met."),
              Field("category", "Ofsted category", "radios", required=False,
                    hint="If Ofsted placed the school in one, in any era.",
                    choices=(("special-measures", "Special measures"),
                             ("serious-weaknesses",
                              "Serious weaknesses (significant improvement)")))),
             "Record judgement", _ofsted, permission="school.ofsted"),
)}

ADD_SCHOOL = FormSpec(
    "add-school", "Add a school",
    (Field("urn", "URN", hint="Six digits, from Get Information About Schools."),
     Field("name", "Name"),
     Field("type", "Type", "radios", choices=tuple((k, k.replace("-", " ")) for k in TYPE_ALIASES)),
     Field("phase", "Phase", required=False, hint="For example Primary or Secondary."),
     Field("diocese", "Diocese", required=False), Field("trust", "Trust", required=False)),
    "Add school", _add_school, permission="school.manage")

ADD_CLOSURE = FormSpec(
    "closure", "Add a day the authority is closed",
    (on_field("Date the authority is closed"),
     reason_field(required=True, label="Why the authority is closed")),
    "Add closure day", _closure, permission="calendar.manage")


def _add_user(web: Web, user: str, _target: str, v: Values) -> str:
    """Adds a user; a headteacher is bound to their school in the same step."""
    if v["password"] and len(v["password"]) < MIN_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_LENGTH} characters.")
    authority = la_code(v["authority"] or "")
    if v["role"] == "headteacher":
        if not v["school"]:
            raise InvalidInput("Give the URN of the headteacher's school.")
        school = web.services.schools.show(user, v["school"])  # the school must exist first
        authority = authority or school["authority"]  # a headteacher is of their school's
    web.services.admin.add_user(user, v["name"], v["role"], authority=authority)
    if v["role"] == "headteacher":
        web.accounts.bind_headteacher(user, v["name"], v["school"])
    if v["password"]:
        web.credentials.set_password(v["name"], v["password"])
    return f"{v['name']} added as {v['role']}."


ADD_USER = FormSpec(
    "add-user", "Add a user",
    (Field("name", "User name", hint="Letters, digits, '.', '-' or '_'."),
     Field("role", "Role", "radios", choices=tuple((r, r) for r in PERSON_ROLES)),
     Field("school", "School URN (headteachers only)", required=False, optional=False),
     Field("authority", "Authority's LA code", required=False,
           hint="For example 383. Leave it empty for your own authority (for a headteacher, "
                "their school's)."),
     Field("password", "First password", "password", required=False,
           hint="At least 12 characters. Or set it later with scc user set-password.")),
    "Add user", _add_user, permission="user.manage")
