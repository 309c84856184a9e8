"""Who receives a notice: derived from the school and the authority's policy pack, never typed in.

The addressee and the copies a template names are fixed by the school's facts (a diocese or a
foundation adds the diocesan authority or the foundation governors' appointer; an academy adds its
trust). The person issuing may add recipients but never remove a derived one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from scc.domain.errors import InvalidInput, RuleViolation
from scc.domain.school import School
from scc.domain.values import Governance
from scc.notices import Template
from scc.policy import Policy
from scc.rules import load_rule_book

Recipient = dict[str, Any]

_NOT_GIVEN = {"", "none", "does not apply", "not applicable"}
_FOUNDATION_TYPES = {"Voluntary aided school", "Voluntary controlled school", "Foundation school",
                     "Foundation special school"}
# The Chief Inspector's title follows the Crown (the Queen died on 8 September 2022).
_KING_FROM = date(2022, 9, 8)


def given(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text if text.casefold() not in _NOT_GIVEN else None


def _address(school: School) -> list[str]:
    return [line for line in (given(school.details.get(k)) for k in ("street", "town", "postcode"))
            if line]


def _salutation(head: str | None) -> str:
    parts = (head or "").split()
    if len(parts) >= 3:  # GIAS gives title, first name, last name
        return f"Dear {parts[0]} {parts[-1]}"
    return f"Dear {head}" if head else "Dear Headteacher"


def _from_policy(policy: Policy, key: str, on: date) -> Recipient:
    body = (policy.settings.get("notice_recipients") or {}).get(key)
    if not body:
        raise RuleViolation(f"The policy pack {policy.name} does not say how to address {key}.")
    name = str(body["name"])
    if key == "ofsted":
        name = f"{'His' if on >= _KING_FROM else 'Her'} Majesty's {name}"
    return {"name": name, "organisation": body.get("organisation"),
            "address": list(body.get("address", [])), "salutation": body.get("salutation")}


def _foundation(school: School, policy: Policy) -> Recipient | None:
    details = school.details
    diocese = given(details.get("diocese"))
    if diocese:
        addresses = policy.settings.get("diocese_addresses") or {}
        return {"name": "The Director of Education", "organisation": diocese,
                "address": list(addresses.get(diocese, [])),
                "salutation": "Dear Director of Education"}
    religion, trust = given(details.get("religious_character")), given(details.get("trust"))
    if religion or (details.get("type") in _FOUNDATION_TYPES and (trust or
                                                                  "Voluntary" in details["type"])):
        return {"name": "The person who appoints the foundation governors",
                "organisation": trust or religion, "address": [], "salutation": None}
    return None


# The recorded contact (scc.domain.contact) who receives what a template addresses to a role.
_CONTACT_FOR = {"headteacher": "headteacher", "governing-body": "chair-of-governors",
                "foundation": "diocese", "trust": "trust"}


def _recorded(role: str, school: School, contacts: Mapping[str, Mapping[str, Any]],
              derived: Recipient | None) -> Recipient | None:
    """The recipient with the school's recorded contact for the role, when there is one: their
    name, postal address and email, in place of the title and address GIAS gives. A diocese or
    trust is copied only where the template and the school's facts (`derived`) already say so."""
    contact = contacts.get(_CONTACT_FOR.get(role, ""))
    if contact is None or (role in ("foundation", "trust") and derived is None):
        return derived
    person = role in ("headteacher", "governing-body")
    organisation = school.name if person else (derived or {}).get("organisation")
    return {"name": contact["name"], "organisation": organisation,
            "address": list(contact["address"]) or (_address(school) if person else []),
            "email": contact.get("email"),
            "salutation": _salutation(contact["name"]) if person else None}


def _one(role: str, school: School, policy: Policy, on: date) -> Recipient | None:
    if role == "governing-body":
        return {"name": "The Chair of the Governing Body", "organisation": school.name,
                "address": _address(school), "salutation": "Dear Chair of Governors"}
    if role == "headteacher":
        head = given(school.details.get("head_name"))
        return {"name": head or "The Headteacher", "organisation": school.name,
                "address": _address(school), "salutation": _salutation(head)}
    if role in ("ofsted", "regional-director", "welsh-ministers"):
        return _from_policy(policy, role.replace("-", "_"), on)
    if role == "foundation":
        return _foundation(school, policy)
    if role == "trust":
        trust = given(school.details.get("trust"))
        if school.governance is Governance.ACADEMY and trust:
            return {"name": "The Chief Executive", "organisation": trust, "address": [],
                    "salutation": None}
        return None
    raise ValueError(f"unknown recipient role {role}")


def derive(template: Template, school: School, policy: Policy, on: date,
           had_warning_notice: bool,
           contacts: Mapping[str, Mapping[str, Any]] | None = None) -> list[Recipient]:
    """The addressee first, then the copies, as the template and the school's facts decide.
    `contacts`: the school's recorded contacts in post on the day, by role
    (scc.application.contacts.by_role); each named one receives in place of a title."""
    roles = [template.addressee] + [
        c.role for c in template.copies
        if c.condition is None or (c.condition == "warning-notice" and had_warning_notice)
    ]
    statutory = statutory_copies(template, on)
    welsh = welsh_foundation_copies(school, policy) if "religious-body" in roles else None
    found = []
    for position, role in enumerate(roles):
        recipient = welsh.get(role) if welsh is not None and role in welsh else \
            _one(role, school, policy, on)
        recipient = _recorded(_contact_role(role, school, welsh), school, contacts or {},
                              recipient)
        if recipient is not None:
            found.append({"role": role, **recipient, "addressee": position == 0,
                          "statutory": role in statutory})
    return found


def welsh_foundation_copies(school: School, policy: Policy) -> dict[str, Recipient | None]:
    """SSO(W)A 2013 s3(3)(b) (and s10(3)(c)): for a foundation or voluntary school, a copy to the
    person who appoints the foundation governors and, where the school has a religious character,
    another to the appropriate religious body; one copy where one body is both (a diocese that
    appoints the foundation governors of its church school). A template naming `religious-body`
    among its copies is given these for both roles."""
    details = school.details
    if details.get("type") not in _FOUNDATION_TYPES:
        return {"foundation": None, "religious-body": None}
    diocese, trust = given(details.get("diocese")), given(details.get("trust"))
    appointer = trust or diocese
    appoints: Recipient = {"name": "The person who appoints the foundation governors",
                           "organisation": appointer, "address": [], "salutation": None}
    if appointer == diocese and diocese:
        appoints = _foundation(school, policy) or appoints
    # A school with a diocese, or a religious character, has its religious body.
    body = diocese or given(details.get("religious_character"))
    religious: Recipient | None = None
    if body and body != appointer:
        addresses = policy.settings.get("diocese_addresses") or {}
        religious = {"name": "The appropriate religious body", "organisation": body,
                     "address": list(addresses.get(body, [])), "salutation": None}
    return {"foundation": appoints, "religious-body": religious}


def _contact_role(role: str, school: School, welsh: dict[str, Recipient | None] | None) -> str:
    """Whose recorded contact receives a Welsh notice's copy (s3(3)(b)): the diocese's contact is
    the religious body's, and a trust that appoints the foundation governors receives at its own;
    elsewhere the role's own."""
    if welsh is None:
        return role
    if role == "religious-body":
        return "foundation"
    if role == "foundation" and given(school.details.get("trust")):
        return "trust"
    return role


def statutory_copies(template: Template, on: date) -> frozenset[str]:
    """The copies the statute requires for a notice given on `on`: the rule set of that date
    decides where it names the notice (the copy to the Secretary of State / Regional Director is
    statutory only from 18 April 2016, s60(6A)); otherwise the template's own list."""
    book = load_rule_book()
    if on < book.rule_sets[0].effective_from:
        return template.statutory
    law = book.in_force_on(on).statutory_copies.get(template.id)
    return frozenset(law["roles"]) if law else template.statutory


def additional(text: str) -> Recipient:
    """'NAME | ADDRESS LINE | ADDRESS LINE' as an added copy recipient."""
    name, *address = [part.strip() for part in text.split("|")]
    if not name:
        raise InvalidInput(f"'{text}' names no recipient; write NAME | ADDRESS LINE | ...")
    return {"role": "additional", "name": name, "organisation": None,
            "address": [line for line in address if line], "salutation": None,
            "addressee": False, "statutory": False}


def keep_derived(derived: list[Recipient], chosen: list[Recipient]) -> list[Recipient]:
    """The chosen list, once it is known to keep every derived recipient (adding is allowed)."""
    for recipient in derived:
        if not any(c.get("role") == recipient["role"] and c.get("name") == recipient["name"]
                   for c in chosen):
            why = "the statute requires it" if recipient["statutory"] else "the notice requires it"
            raise RuleViolation(
                f"{recipient['name']}"
                f"{', ' + recipient['organisation'] if recipient['organisation'] else ''} must "
                f"receive this notice ({why}); recipients can be added, never removed."
            )
    return chosen


# The Welsh part of a bilingual notice (scc.application.bilingual): the same recipients, named in
# Welsh. A body the policy pack addresses gives its Welsh under `cy`; a person's name, a school's
# name and an address the person issuing added stay as they are.
_WELSH_NAMES = {
    "governing-body": ("Cadeirydd y Corff Llywodraethu", "Annwyl Gadeirydd y Llywodraethwyr"),
    "foundation": ("Y sawl sy'n penodi'r llywodraethwyr sefydledig", None),
    "religious-body": ("Y corff crefyddol priodol", None),
    "trust": ("Y Prif Weithredwr", None),
}


def in_welsh(recipient: Recipient, policy: Policy) -> Recipient:
    role = recipient.get("role")
    found = dict(recipient)
    if role == "governing-body" and recipient["name"] != "The Chair of the Governing Body":
        # A chair recorded by name (scc.application.contacts) keeps it, greeted in Welsh.
        found.update(salutation="Annwyl" + _salutation(recipient["name"])[len("Dear"):])
    elif role in _WELSH_NAMES:
        name, salutation = _WELSH_NAMES[role]
        if role == "foundation" and recipient["name"] == "The Director of Education":
            name, salutation = "Y Cyfarwyddwr Addysg", "Annwyl Gyfarwyddwr Addysg"
        found.update(name=name, salutation=salutation)
    elif role == "headteacher":
        named = recipient["name"] != "The Headteacher"
        found.update(name=recipient["name"] if named else "Y Pennaeth",
                     salutation=("Annwyl" + _salutation(recipient["name"])[len("Dear"):]) if named
                     else "Annwyl Bennaeth")
    elif role in ("ofsted", "regional-director", "welsh-ministers"):
        body = (policy.settings.get("notice_recipients") or {}).get(role.replace("-", "_")) or {}
        found.update({k: v for k, v in (body.get("cy") or {}).items()
                      if k in ("name", "organisation", "address", "salutation")})
    return found
