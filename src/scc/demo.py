"""The demo: three authorities in one deployment. Calderdale (the original authority): the GIAS
sample, a few hand-made schools (academies among them), cases at different stages, and one user
per role. Leeds, added by the administrator under its own policy pack: a Service Manager, an SEO
and three schools, one with a case. A regional officer reads both; a consortium adviser (an SEO)
is allocated a school in each. The Vale of Glamorgan, a Welsh authority: a Service Manager, two
schools with their national support categories, and an s3 warning notice in Welsh and English.
Every user has a random password shown once.

Acts are dated relative to today so the demo's deadlines are always live; they are recorded
through the services, exactly as a person would record them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from scc.application.accounts import AccountService
from scc.bootstrap import Services
from scc.domain import ofsted
from scc.web.credentials import Credentials

GIAS_SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "gias" / \
    "establishments-sample.csv"

PEOPLE = [("ada", "admin"), ("sam", "service-manager"), ("sue", "seo"), ("lee", "legal"),
          ("hana", "headteacher")]
HEADTEACHER_SCHOOL = "900001"
CALDERDALE, LEEDS = "381", "383"
# The second authority's people, and those acting for both: (name, role, own authority, granted).
LEEDS_PEOPLE = [("lou", "service-manager", LEEDS, ()), ("mo", "seo", LEEDS, ()),
                ("rita", "regional-officer", CALDERDALE, (LEEDS,)),
                ("cal", "seo", CALDERDALE, (LEEDS,))]
LEEDS_SCHOOLS = [
    ("910001", "Kirkstall Valley Primary School", "community", "Primary"),
    ("910002", "Armley Park High School", "foundation", "Secondary"),
    ("910003", "Roundhay Fields Academy", "academy-converter", "Secondary"),
]

# A Welsh authority (jurisdiction wales, rule set wales-2014): its Service Manager and two
# schools, with Welsh school numbers (the first made up, the second as the Welsh Government's
# categorisation file has it) and, for the first, letters in Welsh first.
VALE = "673"
VALE_SCHOOLS = [("920001", "Ysgol Gynradd Sain Tathan", "community", "Primary", "6732999", "welsh"),
                ("920002", "Cowbridge Comprehensive School", "community", "Secondary", "6734065",
                 None)]
WALES_CATEGORIES = GIAS_SAMPLE.parents[1] / "wales" / \
    "wales-national-categorisation-2019-secondary-special.csv"
WALES_CATEGORIES_PUBLISHED = date(2020, 1, 31)  # the Welsh Government's statement of that day
DEMO_BID = {"summary": "Restoring governance and leadership capacity",
            "reason": "Notice of concern: the governing body has not met for two terms",
            "budget_position": "In balance, with no reserve for support",
            "brokering": "An NLE from the cluster, through the Cluster Lead",
            "impact": "Governors meet termly and hold leaders to account",
            "monitoring": "The SEO at each visit; a Funding Impact Report each term"}
S3_FIELDS = {
    "grounds": ["standards", "governance"],
    "evidence": [("Pupils' progress in literacy and numeracy has been well below that of similar "
                  "schools for three years."),
                 "The governing body has not met for two terms."],
    "evidence_cy": [("Mae cynnydd disgyblion mewn llythrennedd a rhifedd wedi bod ymhell islaw "
                     "cynnydd ysgolion tebyg ers tair blynedd."),
                    "Nid yw'r corff llywodraethu wedi cyfarfod ers dau dymor."],
    "action_required": ["Agree an improvement plan for literacy and numeracy with the authority.",
                        "Hold a meeting of the full governing body."],
    "action_required_cy": [("Cytuno ar gynllun gwella ar gyfer llythrennedd a rhifedd gyda'r "
                            "awdurdod."), "Cynnal cyfarfod o'r corff llywodraethu llawn."],
    "minded_to": ["Appoint additional governors under section 6 of the Act."],
    "minded_to_cy": ["Penodi llywodraethwyr ychwanegol o dan adran 6 o'r Ddeddf."],
}

# (urn, name, type, phase, diocese, trust)
SCHOOLS = [
    ("900001", "Calder Vale Primary School", "community", "Primary", None, None),
    ("900002", "St Mary's CE Primary School", "voluntary-aided", "Primary",
     "Diocese of Leeds", None),
    ("900003", "Hebden Royd Academy", "academy-converter", "Secondary", None,
     "Pennine Learning Trust"),
    ("900004", "Brighouse High School", "foundation", "Secondary", None, None),
    ("900005", "Northowram Free School", "free-school", "Primary", None,
     "Northowram Education Trust"),
    ("900006", "Ryburn Valley Nursery School", "maintained-nursery", "Nursery", None, None),
    ("900007", "Elland Bridge Academy", "academy-sponsor-led", "Secondary", None,
     "Pennine Learning Trust"),
    ("900008", "Sowerby Bridge Junior School", "community", "Primary", None, None),
]


@dataclass
class DemoResult:
    loaded: bool
    passwords: dict[str, str] = field(default_factory=dict)
    schools: int = 0
    cases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def load(services: Services, gias: Path = GIAS_SAMPLE, if_empty: bool = False,
         wales: bool = False) -> DemoResult:
    """Loads the demo; with if_empty, does nothing when the store already has users. With wales
    (as `scc demo load` does), also the Welsh authority; without it, the two English
    authorities the tests of two authorities expect."""
    if if_empty and services.ctx.any_user():
        return DemoResult(loaded=False)
    result = DemoResult(loaded=True)
    _people(services, result)
    _schools(services, gias, result)
    _cases(services, result)
    _support(services, result)
    _second_authority(services, result)
    if wales:
        _welsh_authority(services, result)
    return result


def _people(services: Services, result: DemoResult) -> None:
    for name, role in PEOPLE:
        services.admin.add_user(None if name == "ada" else "ada", name, role)
        _password(services, result, name)


def _password(services: Services, result: DemoResult, name: str) -> None:
    result.passwords[name] = secrets.token_urlsafe(12)
    Credentials(services.ctx.engine).set_password(name, result.passwords[name])


def _schools(services: Services, gias: Path, result: DemoResult) -> None:
    if gias.is_file():
        report = services.schools.import_gias("ada", gias, authority=CALDERDALE)
        result.schools += report.added
        result.notes.append(f"GIAS sample: {report.added} in-scope schools imported, "
                            f"{len(report.out_of_scope)} out of scope, {len(report.problems)} "
                            "rows with problems.")
    else:
        result.notes.append(f"GIAS sample not found at {gias}; only hand-made schools loaded.")
    for urn, name, kind, phase, diocese, trust in SCHOOLS:
        services.schools.add("ada", urn, name, kind, phase, la="Calderdale", diocese=diocese,
                             trust=trust)
        result.schools += 1
    AccountService(services.ctx).bind_headteacher("ada", "hana", HEADTEACHER_SCHOOL)


def _cases(services: Services, result: DemoResult) -> None:
    today = services.ctx.clock.today()
    days = lambda n: today - timedelta(days=n)
    cases = services.cases

    # Stage 1: concerns shared.
    ref = cases.open("sam", "900004", "Attainment fell for the third year running.", days(50))
    cases.share_concerns("sam", ref, days(40), "Shared the data with the headteacher and chair.")
    result.cases.append(ref)

    # Stage 2: notice of concern, action plan due in three weeks.
    ref = cases.open("sam", "900002", "Governors have not met for two terms.", days(30))
    cases.notice_of_concern("sam", ref, days(20), today + timedelta(days=21),
                            "Governance breakdown reported by the SEO.")
    result.cases.append(ref)

    # Stage 3: warning notice, compliance period running.
    ref = cases.open("sam", HEADTEACHER_SCHOOL, "Safeguarding concerns after a complaint.",
                     days(20))
    services.notices.issue("sam", ref, "s60", {
        "grounds": ["standards", "safety"],
        "evidence": "Two safeguarding referrals not acted on; attainment in the lowest 10%.",
        "action_required": "Review safeguarding procedures with the designated lead and "
                           "present an improvement plan to the authority.",
        "minded_to": "Appoint additional governors under s64.",
    }, days(7), reason="Standards and safety (EIA 2006 s60(2)(a) and (c)).")
    result.cases.append(ref)

    # Stage 4: not complied, notice of intention to intervene.
    ref = cases.open("sam", "900006", "Leadership turnover; budget deficit.", days(90))
    cases.warning_notice("sam", ref, "s60", ["governance"], days(60),
                         reason="Serious breakdown in governance.")
    cases.compliance("sam", ref, "not-complied", days(30), "No credible plan was produced.")
    cases.intention_to_intervene("sam", ref, ["s64", "s65"], days(25),
                                 "Additional governors, then an IEB if needed.")
    result.cases.append(ref)

    # An academy: monitored, categorised, no statutory notice.
    ref = cases.open("sam", "900003", "Falling rolls and high exclusions.", days(15))
    result.cases.append(ref)

    # Categories, the officer, and visits: one report with the headteacher, one visit to record.
    categorise = services.categorisation
    for urn, category in (("900004", "AMBER"), (HEADTEACHER_SCHOOL, "RED")):
        categorise.confirm("sam", urn, category, "Termly risk assessment.", days(45))
        categorise.allocate("sam", urn, "sue", days(45))
    categorise.allocate("sam", "900002", "sue", days(45))  # the notice-of-concern school too
    visit = services.visits.plan("sue", HEADTEACHER_SCHOOL, days(12), on=days(30))
    services.visits.hold("sue", visit, days(12), "Safeguarding and attendance",
                         "Single central record; attendance data", "limited",
                         "Attendance plan by half term")
    services.visits.send_report("sue", visit, days(5))
    result.cases.append(f"visit {visit}")
    services.visits.plan("sue", "900004", days(2), on=days(20))
    # The school's own improvement plan, its first review due by the end of this term.
    services.plans.receive("sam", "900004", "improvement-plan", "Brighouse High improvement plan", [
        {"objective": "Raise attainment in mathematics at Key Stage 4",
         "success_criteria": ["Progress 8 in mathematics above zero"], "owner": "Headteacher",
         "due": today + timedelta(days=200)}], days(10))
    # A progress meeting in three weeks, its documents requested.
    meeting = services.meetings.schedule("sam", "900004", days(-21),
                                         ["headteacher", "chair of governors"], on=days(1))
    result.cases.append(f"meeting {meeting['reference']}")

    # An Ofsted category: special measures makes the school eligible with an academy order due.
    # A good school: to August 2024 an overall grade, after it the grades of its era.
    services.schools.record_ofsted("sam", "900007", days(400),
                                   **ofsted.as_given_on(days(400), "good"))
    opened = services.schools.record_ofsted("sam", "900008", days(10), "special-measures")
    result.cases.append(str(opened))


def _support(services: Services, result: DemoResult) -> None:
    """Support and funding at the notice-of-concern school (sue's): a bid (Form A1) the board
    approved, with one Funding Impact Report and the next due; a support plan spending it, costed
    at appendix F's rates, with two support logs; so the board's view and the school's panel are
    not empty."""
    today = services.ctx.clock.today()
    days = lambda n: today - timedelta(days=n)
    support = services.support
    bid = support.submit_bid("sue", "900002", {"governance": "4000", "senior-leadership": "2500"},
                             "two-terms", DEMO_BID, days(28), case_reference="900002-1")
    support.decide_bid("sam", bid, days(21), True, "Agreed at the board's meeting.",
                       {"governance": "4000", "senior-leadership": "2000"})
    support.impact_report("sue", bid, days(3), [
        {"strategy": "Governance review by an NLE", "timescale": "This half term",
         "impact": "The full governing body met and agreed a schedule of meetings"}], "1450.00")
    plan = support.draft_plan("sue", "900002", ["Governance", "Leadership capacity"], [
        {"activity": "Review of governance", "priority": 1, "impact": "Governors meet termly",
         "role": "nle", "who": "NLE from the cluster", "when": "This term", "days": "2"},
        {"activity": "Coaching the headteacher", "priority": 2,
         "impact": "Leaders monitor teaching", "role": "lle", "who": "LLE", "when": "This term",
         "days": "3"}], days(20), supporting_school="Calder Vale Primary School",
        case_reference="900002-1", bid_reference=bid)
    support.submit_plan("sue", plan, days(19))
    support.decide_plan("sam", plan, days(18), True, "Funded from the approved bid.")
    for on, role, focus, action in ((days(14), "nle", "Governance review",
                                     "Clerk to set the year's meetings"),
                                    (days(7), "lle", "Coaching: monitoring of teaching",
                                     "Headteacher to lead a learning walk")):
        support.log_support("sue", plan, on, {"hours": "6", "hours_in_school": "5",
                                              "support_person": "A. Leader", "role": role,
                                              "days": "1", "focus": focus, "actions": [action]})
    result.cases += [f"bid {bid}", f"support plan {plan}"]


def _second_authority(services: Services, result: DemoResult) -> None:
    """Leeds, its people and schools; a case there; the consortium adviser's two schools."""
    today = services.ctx.clock.today()
    services.authorities.add("ada", "leeds")
    for name, role, own, granted in LEEDS_PEOPLE:
        services.admin.add_user("ada", name, role, authority=own)
        if granted:
            services.authorities.grant("ada", name, list(granted))
        _password(services, result, name)
    for urn, name, kind, phase in LEEDS_SCHOOLS:
        services.schools.add("lou", urn, name, kind, phase, authority=LEEDS)
        result.schools += 1
    categorise = services.categorisation
    categorise.confirm("lou", "910001", "4", "Termly risk assessment.", today - timedelta(days=45))
    categorise.allocate("lou", "910001", "mo", today - timedelta(days=45))
    categorise.allocate("lou", "910002", "cal", today - timedelta(days=45))
    categorise.allocate("sam", "900008", "cal", today - timedelta(days=45))
    ref = services.cases.open("lou", "910001", "Two terms of falling attendance.",
                              today - timedelta(days=30))
    services.cases.notice_of_concern("lou", ref, today - timedelta(days=20),
                                     today + timedelta(days=14), "Attendance and leadership.")
    result.cases.append(ref)
    result.notes.append("Two authorities: Calderdale (381) and Leeds (383); rita reads both, "
                        "cal is allocated a school in each.")


def _welsh_authority(services: Services, result: DemoResult) -> None:
    """The Vale of Glamorgan (Wales): its Service Manager, two schools in one Collaborative
    Learning Partnership, the national support categories of the Welsh Government's file, and a
    case with an s3 warning notice given in Welsh and English."""
    from scc.application.notices import NoticeService  # jinja2 and WeasyPrint: only here

    today = services.ctx.clock.today()
    services.authorities.add("ada", "vale-of-glamorgan")
    services.admin.add_user("ada", "wyn", "service-manager", authority=VALE)
    _password(services, result, "wyn")
    for urn, name, kind, phase, number, first in VALE_SCHOOLS:
        services.schools.add("wyn", urn, name, kind, phase, authority=VALE)
        services.schools.welsh("wyn", urn, school_number=number, letters_first=first)
        result.schools += 1
    if WALES_CATEGORIES.is_file():
        services.schools.import_wales_categories("wyn", WALES_CATEGORIES,
                                                 WALES_CATEGORIES_PUBLISHED)
    services.schools.partnership("wyn", "form", "western-vale", "920002",
                                 today - timedelta(days=60), name="Western Vale CLP")
    services.schools.partnership("wyn", "join", "western-vale", "920001",
                                 today - timedelta(days=60))
    ref = services.cases.open("wyn", "920001", "Standards and governance have declined.",
                              today - timedelta(days=30))
    NoticeService(services.ctx, services.cases).issue("wyn", ref, "s3", S3_FIELDS,
                                                      today - timedelta(days=7))
    result.cases.append(ref)
    result.notes.append("A Welsh authority: the Vale of Glamorgan (673), wyn its Service Manager; "
                        f"case {ref} has an s3 warning notice in Welsh and English.")
