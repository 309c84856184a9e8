"""The forms of a school's contacts (ContactService): adding one from the school page, ending one."""

from __future__ import annotations

from scc.domain.contact import ContactRole
from scc.web.forms import Field, FormSpec, Values, lines, on_field, reason_field
from scc.web.state import Web


def _add(w: Web, user: str, urn: str, v: Values) -> str:
    number = w.services.contacts.add(user, urn, v["role"], v["name"], lines(v["address"]),
                                     v["email"], v["on"])
    return f"{v['name']} recorded as contact {number}."


def _end(w: Web, user: str, target: str, v: Values) -> str:
    urn, _, number = target.partition("/")
    w.services.contacts.end(user, urn, number, v["reason"], v["on"])
    return f"Contact {number} recorded as no longer in post."


ADD_CONTACT = FormSpec(
    "add-contact", "Add a contact",
    (Field("role", "Role", "radios", choices=tuple(
        (r.value, r.value.replace("-", " ").capitalize()) for r in ContactRole)),
     Field("name", "Name", hint="A person (for example Mrs A Patel) or, for a diocese or trust, "
           "who letters go to (for example Director of Education)."),
     Field("address", "Postal address", "textarea", required=False,
           hint="One line per line of the address. Leave empty to use the school's address."),
     Field("email", "Email address", required=False),
     on_field("In post from")),
    "Add contact", _add, permission="contact.manage",
    intro="Notices are addressed to the recorded headteacher or chair of governors, and copied to "
          "the diocese or trust where the Act requires.")

END_CONTACT = FormSpec(
    "end-contact", "Record a contact as no longer in post",
    (reason_field(required=True), on_field("Last day in post")),
    "Record as ended", _end, permission="contact.manage",
    intro="The contact stays in the record; letters from this day go to whoever replaces them.")
