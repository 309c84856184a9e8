""""X is already the officer allocated" is judged on the new allocation's own date, by the rule
that decides a school's officer on a date (projections/officers.py), not by the allocation
recorded last: after a hand-over recorded late they differ. On SQLite and PostgreSQL through the
service."""

from __future__ import annotations

from datetime import date

import pytest

from scc.domain.errors import RuleViolation


def test_after_a_hand_over_recorded_late_the_refusal_looks_at_the_officer_on_the_new_date(
        services) -> None:
    for name in ("sid", "sal"):
        services.admin.add_user("ada", name, "seo")
    services.schools.add("sam", "100001", "Oak Primary School", "community", "Primary")
    services.categorisation.allocate("sam", "100001", "sue", date(2025, 9, 1))
    services.categorisation.allocate("sam", "100001", "sid", date(2026, 3, 2))
    # Recorded last, dated before sid's: sal was the officer from January until sid took over.
    services.categorisation.allocate("sam", "100001", "sal", date(2026, 1, 5))
    # On 1 April sid is the officer: allocating sid again is refused, and sal may take over.
    with pytest.raises(RuleViolation, match="sid is already the officer allocated to Oak "
                                            "Primary School on 2026-04-01"):
        services.categorisation.allocate("sam", "100001", "sid", date(2026, 4, 1))
    services.categorisation.allocate("sam", "100001", "sal", date(2026, 4, 1))
    assert services.categorisation.categories("sam", "100001")["officer"] == "sal"
    # In February sal was the officer already.
    with pytest.raises(RuleViolation, match="sal is already the officer allocated"):
        services.categorisation.allocate("sam", "100001", "sal", date(2026, 2, 2))
