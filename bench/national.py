"""A national-scale store: about 24,000 schools shaped like the real GIAS download in
../shared/data/gias/ (its rows are the templates; URNs, names and local authorities multiplied),
with ten years of Ofsted judgements, yearly categorisation rounds, officer allocations,
progress-and-impact visits and concern cases, written through the real domain aggregates and
`Context.save` in large batches, so the audit chain and the read models are the real ones.

    python -m bench.national --database-url sqlite:///var/national.sqlite3 --schools 24000

Then it times `scc projections rebuild` on it (wall time, peak memory of the process) unless
`--no-rebuild`. About 90 events per school: 24,000 schools give about two million events.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from scc import gias
from scc.application.cases import CaseService
from scc.application.context import SYSTEM
from scc.application.visits import transition_table
from scc.bootstrap import Services, Settings, build
from scc.clock import parse_moment
from scc.domain import ofsted
from scc.domain.case import ConcernCase
from scc.domain.errors import SccError
from scc.domain.guards import Act, SchoolFacts
from scc.domain.school import DETAIL_FIELDS, School
from scc.domain.values import Actor, Governance, OfstedOutcome, Role
from scc.domain.visit import ProgressJudgement, Visit, report_kind, return_kind
from scc.domain.workflow import Deadline

GIAS = Path(__file__).resolve().parents[2] / "shared" / "data" / "gias" / \
    "gias-surrey-hampshire-20220420.csv"
TODAY = "2026-06-01"
FIRST_YEAR, YEARS = 2016, 10
SEOS = 60
SAM = Actor("sam", Role.SERVICE_MANAGER)
# A sample of English local authorities (code, name) that the templates are spread over.
AUTHORITIES = [
    ("201", "City of London"), ("202", "Camden"), ("204", "Hackney"), ("206", "Islington"),
    ("302", "Barnet"), ("330", "Birmingham"), ("331", "Coventry"), ("335", "Walsall"),
    ("340", "Knowsley"), ("341", "Liverpool"), ("352", "Manchester"), ("353", "Oldham"),
    ("373", "Sheffield"), ("380", "Bradford"), ("381", "Calderdale"), ("383", "Leeds"),
    ("390", "Gateshead"), ("391", "Newcastle upon Tyne"), ("800", "Bath and North East Somerset"),
    ("801", "Bristol, City of"), ("823", "Central Bedfordshire"), ("850", "Hampshire"),
    ("855", "Leicestershire"), ("873", "Cambridgeshire"), ("881", "Essex"), ("886", "Kent"),
    ("888", "Lancashire"), ("916", "Gloucestershire"), ("925", "Lincolnshire"),
    ("926", "Norfolk"), ("936", "Surrey"), ("937", "Warwickshire"), ("938", "West Sussex"),
]
PREFIXES = ["St Mary's", "St John's", "Holy Trinity", "Oakfield", "Meadow", "Brook", "Hill Top",
            "Riverside", "Park", "Westfield", "Eastfield", "Green Lane", "Church", "Valley",
            "Woodlands", "Hollybush", "Southfields", "Northgate", "Kingsway", "Fairfield"]
OUTCOMES = [(OfstedOutcome.OUTSTANDING, 12), (OfstedOutcome.GOOD, 62),
            (OfstedOutcome.REQUIRES_IMPROVEMENT, 21), (OfstedOutcome.SERIOUS_WEAKNESSES, 3),
            (OfstedOutcome.SPECIAL_MEASURES, 2)]
JUDGEMENTS = [ProgressJudgement.GOOD, ProgressJudgement.SECURE, ProgressJudgement.LIMITED]


class Generator:
    def __init__(self, svc: Services, seed: int) -> None:
        self.svc = svc
        self.rng = random.Random(seed)
        # The original authority's pack and calendar stand for every generated school's.
        self.authority = svc.ctx.authority(None)
        policy = svc.ctx.policy(self.authority)
        assert policy.scheme is not None and policy.visits is not None
        self.scheme, self.visit_rules = policy.scheme, policy.visits
        self.workflow = transition_table("visit")
        self.templates = [r.as_dict() for r in gias.read_gias(GIAS).schools]
        self.working_days: dict[tuple[date, int], date] = {}
        self.refused = 0

    def people(self) -> None:
        admin = self.svc.admin
        admin.add_user(None, "ada", "admin")
        admin.add_user("ada", "sam", "service-manager")
        for n in range(SEOS):
            admin.add_user("ada", f"seo{n:02d}", "seo")

    def school(self, i: int) -> School:
        rng, template = self.rng, self.templates[i % len(self.templates)]
        la_code, la_name = AUTHORITIES[i % len(AUTHORITIES)]
        words = template["name"].split()
        name = " ".join([rng.choice(PREFIXES), *words[-2:]]) if len(words) > 2 else \
            f"{rng.choice(PREFIXES)} {template['name']}"
        details = {f: template.get(f) for f in DETAIL_FIELDS} | {
            "name": name, "la_code": la_code, "la_name": la_name}
        return School(urn=f"{100000 + i * 3 + rng.randrange(3)}", details=details,
                      actor="ada", role=Role.ADMIN.value, source="GIAS import (national bench)")

    def history(self, school: School) -> list[Any]:
        """Ten academic years of one school; returns every aggregate it touched."""
        touched: list[Any] = [school]
        case: ConcernCase | None = None
        visits = 0
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            start = date(year, 9, 1)
            if self.rng.random() < 0.28:
                case = self.ofsted(school, start + timedelta(days=self.rng.randrange(60, 300)),
                                   case, touched)
            self.categorise(school, start + timedelta(days=self.rng.randrange(20, 50)))
            if school.register and (school.officer is None or self.rng.random() < 0.15):
                self.allocate(school, start + timedelta(days=55))
            category = self.scheme.category(school.category["category"]) \
                if school.category else None
            if category and category.visits.count and school.officer:
                for n in range(min(category.visits.count, 2)):
                    visits += 1
                    touched.append(self.visit(school, category, f"{school.urn}-V{visits}",
                                              start + timedelta(days=70 + 90 * n), n))
            if case and case.is_open and self.rng.random() < 0.5:
                self.close(case, school, start + timedelta(days=330))
            elif (case is None or not case.is_open) and school.category and \
                    school.category["category"] == "RED" and \
                    school.governance is Governance.MAINTAINED and self.rng.random() < 0.3:
                case = self.open_case(school, start + timedelta(days=60), touched)
        return touched

    def allocate(self, school: School, on: date) -> None:
        officer = f"seo{self.rng.randrange(SEOS):02d}"
        if officer != school.officer:
            # Allocated in date order, so the officer recorded last is the one in effect.
            school.allocate_officer(SAM, on, officer, None, school.officer)

    def act(self, school: School, on: date, reason: str) -> Act:
        facts = SchoolFacts(school.urn, school.name, school.governance)
        return Act(SAM, on, self.svc.ctx.rules.in_force_on(on), facts, reason)

    def ofsted(self, school: School, on: date, case: ConcernCase | None,
               touched: list[Any]) -> ConcernCase | None:
        outcome = self.rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        given = ofsted.as_given_on(on, outcome.value)  # from September 2024, the era's grades
        school.record_ofsted(SAM, on, given["outcome"], given["grades"], given["category"])
        school.apply_automatic_rules(SYSTEM, self.scheme, on)
        if not (outcome.is_ofsted_category and school.governance is Governance.MAINTAINED):
            return case
        act = self.act(school, on, f"Ofsted judgement of {outcome.value} on {on.isoformat()}")
        if case is None or not case.is_open:
            case = CaseService.open_for(school, act)
            touched.append(case)
        self.attempt(lambda: case.record_ofsted_category(act, outcome))
        return case

    def open_case(self, school: School, on: date, touched: list[Any]) -> ConcernCase:
        case = CaseService.open_for(school, self.act(school, on, "Standards fell three years."))
        touched.append(case)
        self.attempt(lambda: case.share_concerns(self.act(school, on + timedelta(days=14),
                                                          "Data shared with the head.")))
        plan_due = on + timedelta(days=60)
        self.attempt(lambda: case.issue_notice_of_concern(
            self.act(school, on + timedelta(days=30), "No improvement."), plan_due))
        self.attempt(lambda: case.record_action_plan(self.act(school, plan_due, None)))
        return case

    def close(self, case: ConcernCase, school: School, on: date) -> None:
        act = self.act(school, max(on, case.last_act_on), "Sustained improvement.")
        if self.attempt(lambda: case.close(act)):
            school.detach_case(case.reference, SAM, act.on, case.state)

    def attempt(self, step: Any) -> bool:
        """A step the case's workflow may refuse in the state this random history left it in."""
        try:
            step()
            return True
        except SccError:
            self.refused += 1
            return False

    def categorise(self, school: School, on: date) -> None:
        rng, codes = self.rng, ["GREEN", "AMBER", "RED"]
        latest = max(school.judgements, key=lambda j: j["inspected_on"], default=None)
        concern = latest is not None and latest["outcome"] not in ("good", "outstanding")
        code = rng.choices(codes, [40, 45, 15] if concern else [85, 12, 3])[0]
        category = self.scheme.category(code)
        own = self.scheme.category(rng.choice(codes) if rng.random() < 0.2 else code)
        seo = Actor(school.officer or "sam", Role.SEO if school.officer else Role.SERVICE_MANAGER)
        school.record_self_assessment(seo, on, own, "Self-evaluation form")
        school.propose_category(seo, on + timedelta(days=7), category,
                                list(category.criteria)[:2], "Data dashboard and visit notes")
        if own.code != code:
            school.record_discussion(SAM, on + timedelta(days=10), "Discussed with the head.")
        school.confirm_category(SAM, on + timedelta(days=14), category, "Annual review",
                                "ofsted" if concern and category.on_register else
                                "authority-concern")
        school.notify_category(SAM, on + timedelta(days=16),
                               ["Headteacher", "Chair of governors"])

    def visit(self, school: School, category: Any, reference: str, on: date, n: int) -> Visit:
        officer = school.officer or "sam"
        seo = Actor(officer, Role.SEO)
        rules, flow = self.visit_rules, self.workflow
        visit = Visit.plan(reference, school.urn, school.name, seo, on - timedelta(days=14), on,
                           officer, category, self.scheme.visit_unit, n, None)
        visit.hold(flow, seo, on, "Reading and phonics", "Lesson visits",
                   ProgressJudgement(self.rng.choice(JUDGEMENTS)), "Next steps agreed",
                   Deadline(report_kind(reference), self.after(on, rules.report_days),
                            rules.report_rule))
        sent = on + timedelta(days=self.rng.randrange(5, 16))
        visit.send_report(flow, seo, sent, Deadline(return_kind(reference),
                                                    self.after(sent, rules.return_days),
                                                    rules.return_rule))
        visit.record_agreed_report(flow, seo, sent + timedelta(days=self.rng.randrange(2, 9)))
        done = sent + timedelta(days=10)
        visit.send_to_service_manager(flow, seo, done)
        visit.quality_assure(flow, SAM, done + timedelta(days=2), "Checked")
        visit.finalise(flow, SAM, done + timedelta(days=3))
        return visit

    def after(self, on: date, days: int) -> date:
        found = self.working_days.get((on, days))
        if found is None:
            variant = self.svc.ctx.rules.in_force_on(on).calendar_variant
            found = self.svc.ctx.calendar(variant, self.authority).working_days_after(on, days)
            self.working_days[(on, days)] = found
        return found


def generate(url: str, schools: int, batch: int, seed: int = 24) -> int:
    svc = build(Settings(database_url=url, policy="calderdale", now=parse_moment(TODAY), user=None))
    try:
        generator = Generator(svc, seed)
        generator.people()
        started, pending, count = time.perf_counter(), [], 0
        for i in range(schools):
            pending.extend(generator.history(generator.school(i)))
            if (i + 1) % batch == 0 or i + 1 == schools:
                svc.ctx.save(*pending)
                pending = []
                count = svc.ctx.store.event_count()
                rate = count / (time.perf_counter() - started)
                print(f"\r{i + 1:>6}/{schools} schools  {count:>9,} events  {rate:,.0f} events/s",
                      end="", file=sys.stderr, flush=True)
        print(f"\n{generator.refused} random case steps refused by the workflow (skipped)",
              file=sys.stderr)
        return count
    finally:
        svc.close()


def time_rebuild(url: str) -> dict[str, float]:
    """`scc projections rebuild` in a child process: wall seconds and the child's peak RSS."""
    env = {"SCC_DATABASE_URL": url, "SCC_NOW": TODAY, "SCC_POLICY": "calderdale",
           "PATH": str(Path(sys.executable).parent)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "scc"), "projections", "rebuild",
                    "--as", "ada"], env=env, check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_mb": max(peak, before) / 1024}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--schools", type=int, default=24_000)
    parser.add_argument("--batch", type=int, default=250, help="schools per save")
    parser.add_argument("--no-generate", action="store_true", help="only time the rebuild")
    parser.add_argument("--no-rebuild", action="store_true")
    args = parser.parse_args(argv)
    if not args.no_generate:
        started = time.perf_counter()
        events = generate(args.database_url, args.schools, args.batch)
        print(f"generated {events:,} events in {time.perf_counter() - started:.0f} s")
    if not args.no_rebuild:
        figures = time_rebuild(args.database_url)
        print(f"scc projections rebuild: {figures['seconds']:.1f} s, "
              f"peak RSS {figures['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
