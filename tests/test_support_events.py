"""A bid's and a plan's commitment are recorded by one event class defined on their common base
(scc.domain.support_funding), yet each is stored under its own aggregate's topic, as before the
two were folded together, so events stored earlier still load and the read models still tell them
apart (issue 14, item 6). On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from tests.test_support_evidence import TEXTS


def test_a_commitment_is_stored_under_its_own_record_s_topic(services) -> None:
    from scc.domain.support import SupportBid
    from scc.domain.support_plan import SupportPlan

    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    bid = services.support.submit_bid("sam", "100001", {"literacy": "6000"}, "one-term", TEXTS,
                                      date(2026, 1, 7))
    services.support.decide_bid("sam", bid, date(2026, 1, 14), True, "Agreed")
    services.support.commit_bid("sam", bid, date(2026, 1, 20), {
        "description": "Phonics scheme", "supplier": "Acme", "amount": "900",
        "method": "Cheapest of three catalogues"})
    plan = services.support.draft_plan("sam", "100001", ["Reading"], [
        {"activity": "Coaching", "priority": 1, "impact": "Reading", "role": "sle",
         "who": "SLE", "when": "Spring", "days": "3"}], date(2026, 1, 8))
    services.support.submit_plan("sam", plan, date(2026, 1, 9))
    services.support.decide_plan("sam", plan, date(2026, 1, 10), True, "")
    services.support.commit("sam", plan, date(2026, 1, 21), {
        "description": "Cover", "supplier": "Supply agency", "amount": "180",
        "method": "The agency the school uses"})
    recorder = services.ctx.store.recorder
    topics = {kind: [e.topic for e in recorder.select_events(kind.create_id(reference))]
              for kind, reference in ((SupportBid, bid), (SupportPlan, plan))}
    assert "scc.domain.support:SupportBid.CommitmentRecorded" in topics[SupportBid]
    assert "scc.domain.support_plan:SupportPlan.CommitmentRecorded" in topics[SupportPlan]
    assert services.support.list_bids("sam")[0]["committed"] == "900.00"
    assert services.support.list_plans("sam")[0]["committed"] == "180.00"
