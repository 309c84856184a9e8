"""A policy pack an administrator got wrong (issue 10, item 4) is one sentence naming the file and
what is wrong, never a traceback: the command exits 2, and `scc serve` does not start. Both the
pack SCC_POLICY names (read when its authority is first recorded) and an authority's own pack
(read when a command first needs it) are checked, and with them the settings commands read after
the pack is loaded (reminders, notice recipients, board meetings, labels, the Regional Director
rule, reasonable notice, dioceses' and the Welsh letters' addresses, partnerships): the command
that would have used a wrong one exits 2 having written nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scc import policy_packs
from scc.policy_packs import POLICIES_DIR, load_policy
from tests.conftest import CliRunnerFn, add_people, cli_against, event_count, make_services
from tests.notice_cases import VOLUNTARY_AIDED, import_sample, open_case


@pytest.fixture
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The policy packs, copied into a folder of the test's own that scc reads instead."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES_DIR, folder)
    monkeypatch.setattr(policy_packs, "POLICIES_DIR", folder)
    load_policy.cache_clear()  # a pack already read by this test process would be reused
    yield folder
    load_policy.cache_clear()


@pytest.fixture
def scc_on(database_url: str) -> CliRunnerFn:
    return cli_against(database_url)


def spoil(packs: Path, name: str, old: str, new: str, as_name: str | None = None) -> Path:
    """Writes pack `name` with `old` replaced by `new` (as pack `as_name`, if given)."""
    text = (packs / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    path = packs / f"{as_name or name}.yaml"
    text = text.replace(old, new).replace(f"\nname: {name}\n", f"\nname: {as_name or name}\n")
    path.write_text(text, encoding="utf-8")
    load_policy.cache_clear()
    return path


def test_a_pack_that_is_not_yaml_is_refused_naming_the_file_and_line(packs, scc_on) -> None:
    path = spoil(packs, "calderdale", 'la_name: "Calderdale"', 'la_name: "Calderdale',
                 as_name="broken")
    done = scc_on("user", "add", "ada", "--role", "admin", env={"SCC_POLICY": "broken"})
    assert done.code == 2
    assert done.err.startswith(f"error: The policy pack {path}: it is not valid YAML at line ")
    assert "Traceback" not in done.err and len(done.err.splitlines()) == 1


def test_a_setting_of_the_wrong_kind_is_refused_naming_it(packs, scc_on) -> None:
    path = spoil(packs, "calderdale", "report_due_working_days: 10",
                 "report_due_working_days: ten", as_name="wrong-kind")
    done = scc_on("user", "add", "ada", "--role", "admin", env={"SCC_POLICY": "wrong-kind"})
    assert done.code == 2
    assert done.err == (f"error: The policy pack {path}: 'visits.report_due_working_days' must "
                        "be a whole number, not 'ten'; correct the file.\n")


def test_an_authoritys_pack_spoiled_after_it_was_added_is_refused_when_read(
        packs, scc_on) -> None:
    assert scc_on("user", "add", "ada", "--role", "admin").code == 0
    assert scc_on("policy", "show", "--json").code == 0
    path = spoil(packs, "calderdale", 'authority: "Calderdale Metropolitan Borough Council"\n',
                 "")
    done = scc_on("policy", "show", "--json")
    assert done.code == 2
    assert done.err == f"error: The policy pack {path}: 'authority' is missing; correct the file.\n"


def test_serve_does_not_start_on_a_spoiled_pack(packs, scc_on) -> None:
    assert scc_on("user", "add", "ada", "--role", "admin").code == 0
    path = spoil(packs, "calderdale", "  - code: GREEN\n", "  - kode: GREEN\n")
    done = scc_on("serve", "--no-scheduler", "--port", "1")
    assert done.code == 2
    assert done.err == (f"error: The policy pack {path}: 'categorisation.categories[1]' (No "
                        "concern at this time) lacks 'code'; correct the file.\n")
    assert "Serving" not in done.err


NOW = "2026-01-15"
CASE = "{case}"
S60 = ("--type", "s60", "--on", "2026-01-14", "--set", "grounds=standards",
       "--set", "evidence=Attainment fell", "--set", "action_required=An improvement plan",
       "--set", "minded_to=Appoint additional governors under section 64")
LIST_OF_TEXTS = 'a list of texts, as ["first line", "second line"]'

# pack, text replaced, its replacement, the problem named, the command that reads the setting
WRONG = {
    "reminder days not whole numbers": (
        "calderdale", "  intervention-window: [10, 5, 1]", "  intervention-window: [10, five, 1]",
        ("'reminders.intervention-window' must be a list of whole numbers from 0 to 200 (working "
         "days before the deadline), as [5, 1], and holds 'five'"), ("scheduler", "run-due")),
    "a notice recipient's address not a list of texts": (
        "calderdale", '    address: ["Clive House", "70 Petty France", "London", "SW1H 9EX"]',
        '    address: "Clive House, 70 Petty France, London"',
        (f"'notice_recipients.ofsted.address' must be {LIST_OF_TEXTS}, not 'Clive House, 70 "
         "Petty France, London'"), ("notice", "issue", CASE, *S60)),
    "a diocese's address not a list of texts": (
        "calderdale", "diocese_addresses: {}", "diocese_addresses: {Diocese of London: [[1]]}",
        f"'diocese_addresses.Diocese of London' must be {LIST_OF_TEXTS}, and holds a list",
        ("notice", "preview", CASE, *S60)),
    "a board meeting that is not a date": (
        "calderdale", 'dates: ["03-25", "07-15"]', 'dates: ["03-25", "02-30"]',
        "'support.board_meetings.dates' holds '02-30', not a day of the year written MM-DD",
        ("scheduler", "run-due")),
    "labels not a mapping": (
        "calderdale", "compliance_period_working_days: 15\n",
        "compliance_period_working_days: 15\nlabels: improvement partner\n",
        "'labels' must be a mapping (key: value lines), not 'improvement partner'",
        ("school", "allocate", "100000", "--officer", "sam")),
    "the Regional Director rule not true or false": (
        "calderdale", "before_each_power: true", 'before_each_power: "yes"',
        "'regional_director_notification.before_each_power' must be true or false, not 'yes'",
        ("case", "warning-notice", CASE, "--kind", "s60", "--ground", "standards",
         "--on", "2026-01-14")),
    "no reasonable notice": (
        "calderdale", "minimum_working_days: 1", "minimum_working_days: 0",
        ("'reasonable_notice.minimum_working_days' must be a whole number of at least 1, not 0: "
         "a power is never exercised on the day the notice of intention is given "
        "(EIA 2006 s60(1)(d))"), ("plan", "warning-notice", "100000", "--on", "2026-01-14")),
    "Welsh letters without the signatory's title": (
        "vale-of-glamorgan", '  signatory_title: "Cyfarwyddwr Dysgu a Sgiliau"\n', "",
        "'welsh_language.signatory_title' is missing",
        ("authority", "add", "--policy", "vale-of-glamorgan")),
    "a partnership's name not text": (
        "vale-of-glamorgan", '  name: "Collaborative Learning Partnership"',
        "  name: [Collaborative, Learning, Partnership]",
        "'partnerships.name' must be text, not a list",
        ("authority", "add", "--policy", "vale-of-glamorgan")),
}


@pytest.fixture
def case(database_url: str) -> Iterator[str]:
    """An open case at a Calderdale school (100000), its Service Manager sam."""
    svc = make_services(database_url)
    add_people(svc)
    import_sample(svc)
    yield open_case(svc, VOLUNTARY_AIDED)
    svc.close()


@pytest.mark.parametrize("wrong", list(WRONG))
def test_a_wrong_setting_read_by_a_command_is_refused_before_anything_is_written(
        packs, scc_on, database_url, case, wrong) -> None:
    name, old, new, problem, command = WRONG[wrong]
    path = spoil(packs, name, old, new)
    before = event_count(database_url)
    done = scc_on(*(case if part == CASE else part for part in command),
                  user="ada" if command[0] == "authority" else "sam", now=NOW)
    assert done.code == 2
    assert done.err == f"error: The policy pack {path}: {problem}; correct the file.\n"
    assert event_count(database_url) == before
    if name == "calderdale":  # the pack of an authority served
        served = scc_on("serve", "--no-scheduler", "--port", "1")
        assert (served.code, served.err) == (2, done.err)



def test_an_authority_is_added_only_under_a_pack_of_the_policies_folder(
        packs, scc_on, database_url) -> None:
    """A pack outside the folder, named by a path, is no pack: adding an authority under it
    would record a pack no command could read again, and the server would not start."""
    assert scc_on("user", "add", "ada", "--role", "admin").code == 0
    elsewhere = packs.parent / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(packs / "leeds.yaml", elsewhere / "leeds.yaml")
    before = event_count(database_url)
    done = scc_on("authority", "add", "--policy", "../elsewhere/leeds", user="ada")
    assert done.code == 2
    assert done.err.startswith("error: No policy pack '../elsewhere/leeds'; available: ")
    assert event_count(database_url) == before


SCOTTISH = ("'jurisdiction' must be england or wales (the jurisdictions whose rule sets this "
            "version carries), not 'scotland'")


def test_a_pack_for_a_jurisdiction_without_rule_sets_serves_no_authority(
        packs, scc_on, database_url) -> None:
    """One check refuses it: `scc policy check`, `scc authority add` and `scc serve` say the
    same sentence, and nothing is written."""
    assert scc_on("user", "add", "ada", "--role", "admin").code == 0
    path = spoil(packs, "leeds", "jurisdiction: england", "jurisdiction: scotland",
                 as_name="glasgow")
    refusal = f"error: The policy pack {path}: {SCOTTISH}; correct the file.\n"
    checked = scc_on("policy", "check", "glasgow")
    assert (checked.code, checked.out) == (2, SCOTTISH + "\n")
    before = event_count(database_url)
    added = scc_on("authority", "add", "--policy", "glasgow", "--code", "915", user="ada")
    assert (added.code, added.err) == (2, refusal)
    assert event_count(database_url) == before
    served = scc_on("serve", "--no-scheduler", "--port", "1", env={"SCC_POLICY": "glasgow"})
    assert (served.code, served.err) == (2, refusal)


def test_a_deployment_with_many_packs_reads_each_once(packs: Path) -> None:
    """Twelve authorities, each under a pack of its own, asked for in turn as commands would:
    each pack is read once, not again whenever more packs than a small cache holds are in use."""
    names = [f"authority-{n}" for n in range(12)]
    for name in names:
        spoil(packs, "calderdale", "compliance_period_working_days: 15",
              "compliance_period_working_days: 15", as_name=name)
    first = [load_policy(name) for name in names]
    assert all(again is read for again, read in zip((load_policy(n) for n in names), first))
