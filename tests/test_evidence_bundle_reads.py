"""An evidence bundle reads each support bid and support plan of the school once: its records
(the forms sent) and its support (amounts, reports, logs) are written from the same reading. On
SQLite and PostgreSQL through the service."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

from scc.domain.support import SupportBid
from scc.domain.support_plan import SupportPlan
from tests.reads import reads_of
from tests.test_support_evidence import TEXTS


def test_an_export_reads_each_bid_and_plan_of_the_school_once(services) -> None:
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.categorisation.allocate("sam", "100001", "sue", date(2025, 9, 1))
    case = services.cases.open("sam", "100001", "Reading results falling.", date(2026, 1, 5))
    bid = services.support.submit_bid("sue", "100001", {"literacy": "6000"}, "one-term", TEXTS,
                                      date(2026, 1, 7), case_reference=case)
    plan = services.support.draft_plan("sue", "100001", ["Reading"], [
        {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "teacher",
         "who": "Lead teacher", "when": "Spring", "am": "1", "pm": "1"}], date(2026, 1, 8))
    records = [SupportBid.create_id(bid), SupportPlan.create_id(plan)]
    services.ctx._kept.clear()  # as a fresh process: each record is read from the store
    with reads_of(services) as once:
        services.ctx.get_many(*((r, object, "") for r in records))
    services.ctx._kept.clear()
    with reads_of(services) as exported:
        bundle, _summary = services.audit.export("lee", case)
    assert [exported.of[r] for r in records] == [once.of[r] for r in records]
    support = json.loads(zipfile.ZipFile(io.BytesIO(bundle)).read("support.json"))
    assert ([b["reference"] for b in support["bids"]], [p["reference"] for p in support["plans"]]) \
        == ([bid], [plan])
