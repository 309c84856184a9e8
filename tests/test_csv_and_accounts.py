"""Exports cannot carry formulas (issue 13); only an administrator sets a password, and users
have a display name and an e-mail address (issue 12)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from scc.application.register import register_csv
from scc.domain.errors import InvalidInput, NotPermitted
from scc.exports import csv_text, neutralised

D = date.fromisoformat


@pytest.mark.parametrize("typed", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                   "\tTab", "\rReturn"])
def test_a_cell_starting_like_a_formula_is_neutralised(typed):
    assert neutralised(typed) == "'" + typed
    header, row = csv.reader(io.StringIO(csv_text([{"a": typed}], ["a"]), newline=""))
    assert (header, row) == (["a"], ["'" + typed])


def test_a_school_named_like_a_formula_reaches_the_register_csv_as_text(services):
    services.schools.add("sam", "100001", "=HYPERLINK(\"http://evil\",\"Oak\")", "community",
                         "Primary")
    services.categorisation.confirm("sam", "100001", "RED", "@SUM(1+1) safeguarding",
                                    D("2025-10-01"))
    lines = register_csv(services.register.register("sam")).splitlines()
    row = next(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    assert row["school"] == "'=HYPERLINK(\"http://evil\",\"Oak\")"
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row.values() if cell)


def test_the_web_and_command_line_csv_are_the_same_writer(scc):
    scc("user", "add", "ada", "--role", "admin")
    scc("user", "add", "sam", "--role", "service-manager", user="ada")
    scc("school", "add", "--urn", "100001", "--name", "-Oak Primary", "--type", "community",
        "--phase", "Primary", user="sam")
    scc("school", "ofsted", "100001", "--on", "2025-11-12", "--grade",
        "achievement=needs-attention", user="sam")
    exported = scc("register", "--csv", user="sam").out
    assert "'-Oak Primary" in exported and ",-Oak" not in exported


def test_only_an_administrator_sets_a_password_after_the_first(scc, sqlite_url):
    scc("user", "add", "ada", "--role", "admin")
    scc("user", "add", "sam", "--role", "service-manager", user="ada")
    password = "a long enough password\n"
    # A fresh installation: no one has a password, so the first administrator's needs no --as.
    refused = scc("user", "set-password", "sam", "--password-stdin")
    assert refused.code == 6 and "Only an administrator" in refused.err
    first = scc("user", "set-password", "ada", "--password-stdin", stdin=password)
    assert first.code == 0, first.err
    # From then on: nobody without --as, and nobody but an administrator.
    assert scc("user", "set-password", "ada", "--password-stdin").code == 6
    assert scc("user", "set-password", "ada", "--password-stdin", user="sam").code == 6
    assert scc("user", "set-password", "sam", "--password-stdin", user="ada",
               stdin=password).code == 0


def test_a_user_has_a_display_name_and_an_email_address(services):
    before = services.ctx.store.event_count()
    with pytest.raises(InvalidInput, match="not an e-mail address"):
        services.admin.add_user("ada", "sid", "seo", "Sid Jones", "sid at example")
    with pytest.raises(NotPermitted):
        services.admin.add_user("sam", "sid", "seo", "Sid Jones", "sid@example.org")
    assert services.ctx.store.event_count() == before
    services.admin.add_user("ada", "sid", "seo", "Sid Jones", "sid@example.org")
    listed = {u["name"]: u for u in services.admin.users("ada")}
    assert (listed["sid"]["display_name"], listed["sid"]["email"]) == ("Sid Jones",
                                                                       "sid@example.org")
    assert listed["sam"]["email"] is None
