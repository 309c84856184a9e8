"""The evidence bundle a legal officer exports holds the support the school received (issue 14,
item 5), on SQLite and PostgreSQL: its bid with the impact report, its support plan with the
support logged, and the totals, in support.json, listed in the manifest and checked with it."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

from scc.audit.bundle import check_bundle

TEXTS = dict.fromkeys(("summary", "reason", "budget_position", "brokering", "impact",
                       "monitoring"), "Early reading")


def test_the_bundle_of_a_case_shows_the_support_the_school_was_given(services, tmp_path) -> None:
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.categorisation.allocate("sam", "100001", "sue", date(2025, 9, 1))
    case = services.cases.open("sam", "100001", "Reading results falling.", date(2026, 1, 5))
    bid = services.support.submit_bid("sue", "100001", {"literacy": "6000"}, "one-term", TEXTS,
                                      date(2026, 1, 7), case_reference=case)
    services.support.decide_bid("sam", bid, date(2026, 1, 14), True, "Agreed")
    services.support.impact_report("sue", bid, date(2026, 3, 20), [
        {"strategy": "SLE coaching", "timescale": "Spring", "impact": "Not taken up by staff"}],
        "1200.10")
    plan = services.support.draft_plan("sue", "100001", ["Reading"], [
        {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "teacher",
         "who": "Lead teacher", "when": "Spring", "am": "1", "pm": "1"}], date(2026, 1, 8))
    services.support.submit_plan("sue", plan, date(2026, 1, 9))
    services.support.decide_plan("sam", plan, date(2026, 1, 10), True, "")
    services.support.log_support("sue", plan, date(2026, 1, 20), {
        "hours": "3", "support_person": "A. Teacher", "role": "teacher", "am": "1",
        "focus": "Phonics", "actions": ["Observe a keep-up session"]})
    bundle, summary = services.audit.export("lee", case)
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    support = json.loads(archive.read("support.json"))
    assert support["totals"] == {"approved": "6200.00", "spent": "1325.10",
                                 "remaining": "4874.90"}
    [given] = support["bids"]
    assert (given["reference"], given["approved"], given["spent"]) == \
        (bid, {"literacy": "6000.00"}, "1200.10")
    assert given["impact_reports"][0]["strategies"][0]["impact"] == "Not taken up by staff"
    [costed] = support["plans"]
    # Calderdale's appendix F: a teacher's morning £125 and afternoon £75; the log a morning.
    assert (costed["costed"], costed["spent"]) == ("200.00", "125.00")
    assert costed["logs"][0]["actions"] == ["Observe a keep-up session"]
    path = tmp_path / "bundle.zip"
    path.write_bytes(bundle)
    checked = check_bundle(path)
    assert checked.ok, checked.problems
    assert "support.json" in json.loads(archive.read("manifest.json"))["files"]
    assert summary["manifest_sha256"] == checked.manifest_sha256
