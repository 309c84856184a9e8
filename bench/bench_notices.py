"""Rendering an s60 warning notice: HTML (strict, with the content-rule check) and PDF, against a bare
jinja2 render of the same template with the same data as the baseline."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from bench.timing import Report, measure
from scc import notice_rules, notices
from scc.application.notices import NoticeService
from scc.bootstrap import Settings, build
from scc.clock import parse_moment
from scc.pdf import render_pdf

GIAS_SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "gias" / \
    "establishments-sample.csv"
FIELDS = {
    "grounds": ["standards", "governance"],
    "evidence": [f"Matter {i}: attainment and governance evidence, in a sentence." for i in range(6)],
    "action_required": [f"Action {i} the governing body must take." for i in range(4)],
    "minded_to": ["Appoint additional governors under section 64."],
}


def _context(folder: Path) -> dict[str, object]:
    """The data of a real preview: school from the GIAS sample, recipients, dates."""
    svc = build(Settings(f"sqlite:///{folder / 'scc.sqlite3'}", "calderdale",
                         parse_moment("2026-06-01"), None))
    try:
        svc.admin.add_user(None, "ada", "admin")
        svc.admin.add_user("ada", "sam", "service-manager")
        svc.schools.import_gias("sam", GIAS_SAMPLE)
        ref = svc.cases.open("sam", "100000", "Falling standards", date(2026, 1, 5))
        draft = NoticeService(svc.ctx, svc.cases).preview("sam", ref, "s60", FIELDS,
                                                          date(2026, 1, 14))
        context: dict[str, object] = json.loads(json.dumps(draft.context))
        return context
    finally:
        svc.close()


def run(report: Report) -> None:
    report.section("Notices: s60 warning notice, HTML and PDF")
    with tempfile.TemporaryDirectory() as folder:
        context = _context(Path(folder))
    bare = Environment(loader=FileSystemLoader(str(notices.NOTICES_DIR)), autoescape=True)
    bare.filters.update(date_words=notices.date_words, date_digits=notices.date_digits,
                        long_date=notices.long_date, ordinal=notices.ordinal)
    rules = notice_rules.content_rules("england-2016", "s60")

    def strict(_: int) -> None:
        html = notices.render("s60", context)
        assert not rules.unstated(html, context["f"])  # type: ignore[arg-type]

    baseline = measure("bare jinja2 render (baseline)",
                       lambda _: bare.get_template("s60.html.j2").render(context), 300)
    report.say(baseline.line())
    report.say(measure("strict render + content-rule check", strict, 300).line(baseline))
    html = notices.render("s60", context)
    report.say(measure("PDF (WeasyPrint, 3 A4 pages)", lambda _: render_pdf(html), 15)
               .line(baseline))
