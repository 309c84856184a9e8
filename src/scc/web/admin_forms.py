"""The forms of one user's administration page (/admin/users/NAME): their role, a temporary
password, a headteacher's school. Deactivating has a page of its own (a warning button after
the check), reactivating a button on the user's page."""

from __future__ import annotations

from scc.application.admin import PERSON_ROLES
from scc.domain.errors import InvalidInput
from scc.web.credentials import MIN_LENGTH
from scc.web.forms import Field, FormSpec, Values
from scc.web.state import Web


def _role(web: Web, user: str, name: str, v: Values) -> str:
    web.services.admin.change_role(user, name, v["role"])
    return f"{name} now acts as {v['role']}."


def _password(web: Web, user: str, name: str, v: Values) -> str:
    """A temporary password: the user's sessions end, and at their next sign-in they must
    choose their own before anything else."""
    if len(v["password"]) < MIN_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_LENGTH} characters.")
    web.accounts.may_set_password(user, name, nobody_has_one=False)
    web.credentials.set_password(name, v["password"], must_change=True)
    web.sessions.end_user(name)
    return (f"Temporary password set for {name}: give it to them. They choose their own when "
            "they next sign in.")


def _school(web: Web, user: str, name: str, v: Values) -> str:
    web.accounts.bind_headteacher(user, name, v["urn"])
    return f"{name} now sees the portal of URN {v['urn']}."


USER_FORMS = {spec.key: spec for spec in (
    FormSpec("role", "Change the role",
             (Field("role", "Role", "radios", choices=tuple((r, r) for r in PERSON_ROLES)),),
             "Change role", _role, permission="user.manage",
             intro="The history keeps which role they held when."),
    FormSpec("password", "Reset the password",
             (Field("password", "Temporary password", "password",
                    hint=f"At least {MIN_LENGTH} characters. Give it to the user: they must "
                         "choose their own at their next sign-in, and are signed out now."),),
             "Reset password", _password, permission="user.manage"),
    FormSpec("school", "Bind to a school",
             (Field("urn", "School URN", hint="Six digits. A headteacher sees the portal of "
                                              "this one school only."),),
             "Bind to school", _school, permission="user.manage"),
)}
