"""Golden files: every notice type, rendered from one fixed scenario, must match tests/golden/ byte
for byte. A deliberate wording change: run with SCC_UPDATE_GOLDEN=1, read the diff, bump the
template's version, commit both."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scc import notice_rules
from scc import notices as rendering
from scc.application.notices import NoticeService
from tests.conftest import add_people, make_services
from tests.notice_cases import COMMUNITY, FIELDS, S60, VOLUNTARY_AIDED, D, import_sample, open_case

GOLDEN = Path(__file__).parent / "golden"
BEFORE_NOTICE = ["categorisation", "notice-of-concern", "s60", "s60a", "visit-report"]
AFTER_NOTICE = ["intention-to-intervene", "rd-notification", "power-s63", "power-s64",
                "power-s65", "power-s66", "step-down"]
MAINTAINED_NURSERY = "100005"  # Thomas Coram Centre (open; Sherborne closed in 1992), 2007 rule set


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('golden') / 'scc.sqlite3'}"
    svc = make_services(url)
    add_people(svc)
    import_sample(svc)
    service = NoticeService(svc.ctx, svc.cases)
    before = open_case(svc, VOLUNTARY_AIDED)
    after = open_case(svc, COMMUNITY)
    service.issue("sam", after, "s60", S60, D("2026-01-14"))
    svc.cases.compliance("sam", after, "not-complied", D("2026-02-05"))
    old = open_case(svc, MAINTAINED_NURSERY, on="2015-06-01")
    yield {"service": service, "before": before, "after": after, "old": old}
    svc.close()


def check_golden(name: str, html: str) -> None:
    path = GOLDEN / f"{name}.html"
    if os.environ.get("SCC_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(html, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with SCC_UPDATE_GOLDEN=1"
    assert html == path.read_text(encoding="utf-8"), f"{name} differs from {path.name}"


@pytest.mark.parametrize("notice_type", BEFORE_NOTICE)
def test_notice_matches_its_golden_file(scenario, notice_type):
    draft = scenario["service"].preview("sam", scenario["before"], notice_type,
                                        FIELDS[notice_type], D("2026-01-14"))
    check_golden(notice_type, draft.html)


@pytest.mark.parametrize("notice_type", AFTER_NOTICE)
def test_notice_after_a_warning_notice_matches_its_golden_file(scenario, notice_type):
    draft = scenario["service"].preview("sam", scenario["after"], notice_type,
                                        FIELDS[notice_type], D("2026-02-06"))
    check_golden(notice_type, draft.html)


def test_an_s60_notice_under_the_2007_rule_set_states_the_right_to_make_representations(scenario):
    draft = scenario["service"].preview("sam", scenario["old"], "s60", S60, D("2015-06-08"))
    check_golden("s60-england-2007", draft.html)
    said = notice_rules.statements_in(draft.html)
    assert "Her Majesty's Chief Inspector" in said["representations"]
    # The 15th working day after Monday 8 June 2015.
    assert "Monday 29 June 2015 (29/06/2015)" in " ".join(said["representations"].split())
    assert "His Majesty's" not in draft.html


def test_every_template_has_a_golden_file_and_a_version():
    types = set(notice_rules.notice_types("england-2016"))
    assert types == set(BEFORE_NOTICE) | set(AFTER_NOTICE)
    for path in rendering.NOTICES_DIR.glob("*.html.j2"):
        assert isinstance(rendering.front_matter(path)["version"], int)
