"""The lists of one school's visits, progress meetings and improvement plans, and its support
entitlement, find the school in its read model (application/record_lists.py) rather than
replaying it, and refuse as the school's own commands do: a URN not recorded is not found, a
school not allocated to an SEO is not permitted, and nothing is written. On SQLite and
PostgreSQL through the service layer."""

from __future__ import annotations

from datetime import date

import pytest

from scc.domain.errors import InvalidInput, NotFound, NotPermitted


def _reads(svc):
    return {"visits": lambda user, urn: svc.record_lists.visits(user, urn),
            "meetings": lambda user, urn: svc.record_lists.meetings(user, urn),
            "plans": lambda user, urn: svc.record_lists.plans(user, urn),
            "entitlement": lambda user, urn: svc.school_entitlement.entitlement(user, urn)}


def test_a_schools_lists_refuse_a_school_not_recorded_or_not_allocated(services) -> None:
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.schools.record_ofsted("sam", "100001", date(2025, 6, 10), None,
                                   {"leadership-and-management": "requires-improvement"})
    services.admin.add_user("ada", "tia", "seo")
    services.categorisation.allocate("sam", "100001", "tia", date(2025, 9, 1))
    visit = services.visits.plan("sam", "100001", date(2026, 2, 3), on=date(2026, 1, 20))
    before = services.ctx.store.event_count()
    for name, read in _reads(services).items():
        with pytest.raises(NotFound, match=r"^There is no school with URN 999999\.$"):
            read("sam", "999999")
        with pytest.raises(NotPermitted, match=r"Oak Primary School \(URN 100001\) is not "
                                               "allocated to sue"):
            read("sue", "100001")
        with pytest.raises(InvalidInput):
            read("sam", "10001")  # five digits: not a URN
        assert services.ctx.store.event_count() == before, name
    assert [v["reference"] for v in services.record_lists.visits("sam", "100001")] == [visit]
    services.categorisation.allocate("sam", "100001", "sue", date(2026, 5, 1))  # handed over
    assert [v["reference"] for v in services.record_lists.visits("sue", "100001")] == [visit]
