"""`scc school ...`: the schools the authority knows, from GIAS or entered by hand."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from scc.cli.common import (
    DATE,
    LA_CODE,
    NAME,
    TEXT,
    URN,
    acting,
    authority_option,
    emit,
    json_flag,
    on_option,
    say,
    services,
    table,
)
from scc.domain.ofsted import (
    ESTYN_FOLLOW_UP_KINDS,
    ESTYN_FOLLOW_UP_OUTCOMES,
    ESTYN_OUTCOMES,
    estyn_words,
)

OUTCOMES = ["outstanding", "good", "requires-improvement", "serious-weaknesses", "special-measures"]


@click.group(help="Schools: add, import from GIAS, record Ofsted judgements, read.")
def school() -> None:
    pass


@school.command("add", help="Register a school by hand.")
@click.option("--urn", type=URN, required=True)
@click.option("--name", type=NAME, required=True)
@click.option("--type", "type_name", type=NAME, required=True,
              help="GIAS type name or e.g. community, voluntary-aided, academy-converter.")
@click.option("--phase", type=NAME, required=True)
@click.option("--la", type=NAME, help="Local authority name.")
@click.option("--diocese", type=NAME)
@click.option("--trust", type=NAME)
@authority_option
@acting
def add(urn: str, name: str, type_name: str, phase: str, la: str | None, diocese: str | None,
        trust: str | None, authority: str | None, user: str | None) -> None:
    services().schools.add(user, urn, name, type_name, phase, la, diocese, trust, authority)
    say(f"Registered {name} (URN {urn}).")


@school.command("import-gias", help="Import or refresh schools from a GIAS establishments CSV.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--authority", type=LA_CODE, help="The authority that holds the rows of an LA "
              "this deployment does not serve (default: yours, when you act for one).")
@json_flag
@acting
def import_gias(path: Path, authority: str | None, as_json: bool, user: str | None) -> None:
    svc = services().schools
    from scc import gias

    with click.progressbar(length=gias.count_rows(path), label="Reading GIAS rows",
                           file=sys.stderr) as bar:
        report = svc.import_gias(user, path, on_row=lambda _line: bar.update(1),
                                 authority=authority)
    for problem in report.problems:
        say(f"line {problem.line}: skipped: {problem.message}")
    for other in report.out_of_scope:
        say(f"line {other.line}: out of scope: {other.name} (URN {other.urn}), {other.type}")
    say(f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.other_authority} of authorities you do not act for, "
        f"{len(report.out_of_scope)} out of scope, {len(report.problems)} rows skipped.")
    if as_json:
        emit(report.as_dict(), True, str)


def _import(name: str, help_text: str, run: Any, message: str) -> None:
    """`scc school NAME FILE`: calls `run(services().schools)(user, path)` and says `message`
    formatted with its report."""

    @school.command(name, help=help_text)
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @json_flag
    @acting
    def command(path: Path, as_json: bool, user: str | None) -> None:
        report = run(services().schools)(user, path)
        say(message.format(**report))
        if as_json:
            emit(report, True, str)


_import("import-links", "Record successor and predecessor URNs (academy conversion, "
        "amalgamation, ...) from a GIAS links file on the schools held.",
        lambda s: s.import_links,
        "{linked} links recorded, {already_linked} already recorded, {not_held} of schools not "
        "held here.")
_import("import-ofsted", "Import Ofsted inspections from a CSV in the shape of Ofsted's "
        "management information (URN, Inspection start date, outcomes).",
        lambda s: s.import_ofsted,
        "{recorded} inspections recorded, {already_recorded} already recorded, {not_held} of "
        "schools not held here, {welsh_schools} of Welsh schools (Estyn inspects them: scc "
        "school estyn); {cases} cases made eligible for intervention.")


@school.command("welsh", help="A Welsh school's school number (LA code and four digits, as the "
                "Welsh Government's files name it) and the language its bilingual letters give "
                "first (English, unless set).")
@click.argument("urn", type=URN)
@click.option("--school-number", type=NAME, help="e.g. 6734065 (Vale of Glamorgan: 673).")
@click.option("--letters-first", type=click.Choice(["welsh", "english"]),
              help="The school's language preference: which language its notices give first.")
@json_flag
@acting
def welsh(urn: str, school_number: str | None, letters_first: str | None, as_json: bool,
          user: str | None) -> None:
    shown = services().schools.welsh(user, urn, school_number, letters_first)
    say(f"URN {urn}: school number {shown['school_number'] or 'not recorded'}; letters give "
        f"{shown['letters_first'] or 'english (by default)'} first.")
    if as_json:
        emit(shown, True, str)


@school.command("import-wales-categories", help="Record the Welsh national support categories "
                "(Green, Yellow, Amber, Red) of a Welsh Government categorisation file as history "
                "on the schools with those Welsh school numbers.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--on", "on", type=DATE, required=True,
              help="The date the categories were published (YYYY-MM-DD), e.g. 2020-01-31.")
@json_flag
@acting
def import_wales_categories(path: Path, on: date, as_json: bool, user: str | None) -> None:
    report = services().schools.import_wales_categories(user, path, on)
    for row in report["numbered_by_name"]:
        say(f"line {row['line']}: {row['name']} (URN {row['urn']}) was given the school number "
            f"{row['school_number']}, the one row of its name; check it")
    for row in report["not_held"]:
        say(f"line {row['line']}: no school here has the school number {row['school_number']} "
            f"({row['name']}); scc school welsh URN --school-number {row['school_number']}")
    say(f"{report['year']}: {report['recorded']} categories recorded, "
        f"{report['already_recorded']} already recorded, {len(report['not_held'])} of schools "
        f"not held, {report['other_authority']} of authorities you do not act for, "
        f"{report['not_served']} of authorities not served here.")
    if as_json:
        emit(report, True, str)


@school.group("clp", help="Partnerships of schools (the Vale of Glamorgan's Collaborative "
              "Learning Partnerships): a school in one at a time, with a convening school; "
              "schools of other authorities may join.")
def clp() -> None:
    pass


def _clp(action: str, help_text: str, *options: Any) -> None:
    """`scc school clp ACTION CODE --urn URN --on DATE [options]`."""

    def command(code: str, urn: str, on: date, user: str | None, as_json: bool,
                name: str | None = None, reason: str | None = None) -> None:
        shown = services().schools.partnership(user, action, code, urn, on, name, reason)
        members = ", ".join(f"{m['name']} ({m['urn']}{', convenes' if m['convenes'] else ''})"
                            for m in shown["schools"])
        elsewhere = "".join(f"; {n} of authority {la}"
                            for la, n in shown["schools_elsewhere"].items())
        say(f"{shown['name']} ({shown['code']}): {members or 'no school you may see'}"
            f"{elsewhere}.")
        if as_json:
            emit(shown, True, str)

    for option in reversed((click.argument("code", type=NAME),
                            click.option("--urn", type=URN, required=True), on_option,
                            *options, json_flag, acting)):
        command = option(command)
    clp.command(action, help=help_text)(command)


_clp("form", "Form a partnership: its code, name and convening school (--urn).",
     click.option("--name", type=NAME, required=True))
_clp("join", "A school joins the partnership.")
_clp("leave", "A school leaves the partnership.", click.option("--reason", type=TEXT,
                                                               required=True))
_clp("convene", "Name the partnership's convening school (one of its schools).")


@school.command("show", help="A school's details, Ofsted history and case.")
@click.argument("urn", type=URN)
@json_flag
@acting
def show(urn: str, as_json: bool, user: str | None) -> None:
    emit(services().school_page.show(user, urn), as_json, _school_text)


@school.command("list", help="Every school, by name.")
@click.option("--governance", type=click.Choice(["maintained", "academy"]))
@authority_option
@json_flag
@acting
def list_schools(governance: str | None, authority: str | None, as_json: bool,
                 user: str | None) -> None:
    emit(services().schools.list(user, governance, authority), as_json,
         lambda rows: table(rows, ["urn", "name", "authority", "type", "phase", "ofsted_outcome",
                                   "open_case"]))


@school.command("ofsted", help="Record an Ofsted inspection as Ofsted gave it: to August 2024 an "
                "overall grade (--outcome); from September 2024 the key judgements, from 10 "
                "November 2025 the report card's areas (--grade AREA=GRADE, repeated), and any "
                "--category.")
@click.argument("urn", type=URN)
@on_option
@click.option("--outcome", type=click.Choice(OUTCOMES), help="The overall grade (to August 2024).")
@click.option("--grade", "grades", multiple=True, type=NAME,
              help="AREA=GRADE, e.g. leadership-and-management=requires-improvement (2024-25) or "
                   "achievement=needs-attention (report cards); safeguarding=met|not-met.")
@click.option("--category", type=click.Choice(["special-measures", "serious-weaknesses",
                                               "significant-improvement"]))
@acting
def ofsted(urn: str, on: date, outcome: str | None, grades: tuple[str, ...],
           category: str | None, user: str | None) -> None:
    pairs = dict(g.partition("=")[::2] for g in grades)
    if any(not a or not v for a, v in pairs.items()):
        raise click.BadParameter("write each grade as AREA=GRADE", param_hint="--grade")
    reference = services().schools.record_ofsted(user, urn, on, outcome, pairs, category)
    say(f"Recorded the Ofsted inspection of {on.isoformat()} for URN {urn}.")
    if reference:
        # Whether an academy order is due is the case's to say, by the law of today (the duty of
        # Academies Act 2010 s4(A1) ended on 29 June 2026).
        due = services().cases.show(user, reference)["academy_order_due"]
        say(f"Case {reference} is now eligible for intervention"
            + ("; an academy order is due." if due else "."))


@school.command("estyn", help="Record Estyn's inspection of a school in Wales and its follow-up "
                "outcome: special measures or significant improvement (grounds 8 and 7 for "
                "intervention, School Standards and Organisation (Wales) Act 2013 s2), Estyn "
                "review, or no follow-up.")
@click.argument("urn", type=URN)
@on_option
@click.option("--outcome", required=True, type=click.Choice(ESTYN_OUTCOMES))
@acting
def estyn(urn: str, on: date, outcome: str, user: str | None) -> None:
    reference = services().schools.record_estyn(user, urn, on, outcome)
    say(f"Recorded Estyn's inspection of {on.isoformat()} for URN {urn}: {estyn_words(outcome)}.")
    if reference:
        say(f"Case {reference} is now eligible for intervention (SSO(W)A 2013 s4).")


@school.command("estyn-follow-up", help="Record an Estyn monitoring visit (special measures, "
                "significant improvement) or review visit (Estyn review) of a school in Wales: "
                "removed from the follow-up, or still in it. A removal from special measures or "
                "significant improvement ends the eligibility for intervention that rested on it.")
@click.argument("urn", type=URN)
@on_option
@click.option("--kind", required=True, type=click.Choice(list(ESTYN_FOLLOW_UP_KINDS)))
@click.option("--outcome", required=True, type=click.Choice(ESTYN_FOLLOW_UP_OUTCOMES))
@acting
def estyn_follow_up(urn: str, on: date, kind: str, outcome: str, user: str | None) -> None:
    services().schools.record_estyn_follow_up(user, urn, on, kind, outcome)
    say(f"Recorded Estyn's {kind.replace('-', ' ')} visit of {on.isoformat()} for URN {urn}: "
        + ("removed from the follow-up." if outcome == "removed" else "still in it."))


def _school_text(s: dict[str, Any]) -> str:
    lines = [f"{s['name']} (URN {s['urn']})", f"  {s['type']} ({s['governance']}), {s['phase']}"]
    for label, key in (("Local authority", "la_name"), ("Diocese", "diocese"), ("Trust", "trust"),
                       ("Headteacher", "head_name"), ("Open case", "open_case")):
        if s.get(key):
            lines.append(f"  {label}: {s[key]}")
    wales = s.get("wales")
    if wales:
        lines.append(f"  Welsh school number: {wales['school_number'] or 'not recorded'}; "
                     f"letters give {wales['letters_first'] or 'english (by default)'} first")
        for c in wales["support_categories"]:
            lines.append(f"  National support category {c['year']}: {c['category'].title()}/"
                         f"{c['category_cy']}, up to {c['support_days']} days of support "
                         f"(published {c['published_on']})")
    if s.get("partnership"):
        p = s["partnership"]
        lines.append(f"  {p['kind']}: {p['name']} ({p['code']}), convened by "
                     f"{p['convenor'] or 'a school of another authority'}; "
                     f"{len(p['schools']) + sum(p['schools_elsewhere'].values())} schools")
    for judgement in s["ofsted"]:
        lines.append(f"  Ofsted {judgement['inspected_on']}: {judgement['summary']}")
    for inspection in s.get("estyn", []):
        lines.append(f"  Estyn {inspection['inspected_on']}: {inspection['summary']}")
        for f in inspection["follow_ups"]:
            lines.append(f"    {f['kind'].replace('-', ' ')} {f['on']}: "
                         + ("removed from the follow-up" if f["outcome"] == "removed"
                            else "still in it"))
    for kind in ("predecessors", "successors"):
        for other in s.get(kind, []):
            cases = f"; cases {', '.join(other['cases'])}" if other["cases"] else ""
            lines.append(f"  {kind[:-1].capitalize()}: URN {other['urn']}"
                         f"{' ' + other['name'] if other['name'] else ''}"
                         f"{' (' + other['link_type'] + ')' if other['link_type'] else ''}{cases}")
    return "\n".join(lines)

