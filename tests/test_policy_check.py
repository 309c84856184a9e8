"""`scc policy check [NAME|PATH]`: an administrator reads a pack before deploying it and gets
every problem at once, exit 0 when the pack can be used and 2 when not. It opens no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from scc.policy_packs import POLICIES_DIR, available_policies
from tests.conftest import CliRunnerFn, cli_against


@pytest.fixture
def scc_nowhere(tmp_path: Path) -> CliRunnerFn:
    """The command line with a database in a folder that does not exist: nothing may open it."""
    return cli_against(f"sqlite:///{tmp_path}/absent/scc.sqlite3")


@pytest.mark.parametrize("name", available_policies())
def test_every_shipped_pack_can_be_used(scc_nowhere, name) -> None:
    done = scc_nowhere("policy", "check", name)
    assert done.code == 0
    assert done.out == f"The policy pack {POLICIES_DIR / name}.yaml can be used.\n"


def test_without_a_name_the_pack_scc_policy_names_is_checked(scc_nowhere, tmp_path) -> None:
    done = scc_nowhere("policy", "check", "--json", env={"SCC_POLICY": "leeds"})
    assert (done.code, done.json()) == (0, {"pack": str(POLICIES_DIR / "leeds.yaml"),
                                            "problems": []})
    assert not (tmp_path / "absent").exists()


def test_a_pack_file_not_yet_deployed_has_every_problem_listed(scc_nowhere, tmp_path) -> None:
    pack = (POLICIES_DIR / "calderdale.yaml").read_text(encoding="utf-8")
    for old, new in (('la_code: "381"', 'la_code: "38"'),
                     ("  default: [5, 1]", "  default: 5"),
                     ('authority: "Calderdale Metropolitan Borough Council"\n', ""),
                     ('term_ends: ["12-19", "03-27", "07-22"]', 'term_ends: ["12-19", "13-27"]'),
                     ('day: "550", am: "300"', 'day: "five hundred", am: "300"')):
        assert old in pack
        pack = pack.replace(old, new)
    path = tmp_path / "calderdale-2027.yaml"
    path.write_text(pack, encoding="utf-8")
    done = scc_nowhere("policy", "check", str(path))
    assert done.code == 2
    assert done.out.splitlines() == [
        "'la_code' must be an LA code of three digits in quotes, as \"381\", not '38'",
        ("'reminders.default' must be a list of whole numbers from 0 to 200 (working days before "
         "the deadline), as [5, 1], not '5'"),
        "'name' must be the file's name without .yaml (calderdale-2027), not 'calderdale'",
        "'authority' is missing",
        "'plans.term_ends' holds '13-27', not a day of the year written MM-DD",
        ("'support.rates.roles.external-consultant.day' must be an amount of money, not "
         "'five hundred'")]
    assert done.err == (f"error: The policy pack {path} cannot be used: 6 problem(s), listed "
                        "above; correct the file.\n")


def test_a_pack_that_is_not_yaml_is_one_problem(scc_nowhere, tmp_path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text('name: broken\nauthority: "Broken Council\n', encoding="utf-8")
    done = scc_nowhere("policy", "check", str(path), "--json")
    assert done.code == 2
    [problem] = done.json()["problems"]
    assert problem == "it is not valid YAML at line 3, column 1: found unexpected end of stream"


def test_a_pack_that_does_not_exist_is_refused(scc_nowhere, tmp_path) -> None:
    assert scc_nowhere("policy", "check", "nowhere").err.startswith(
        "error: No policy pack 'nowhere'; available: bury, calderdale")
    done = scc_nowhere("policy", "check", str(tmp_path / "gone.yaml"))
    assert done.code == 2
    assert done.err == f"error: There is no policy pack file {tmp_path / 'gone.yaml'}.\n"


def test_an_empty_name_is_refused_rather_than_taken_for_scc_policys_pack(scc_nowhere) -> None:
    """A script passing an unset variable gets a refusal, not an answer about another pack."""
    done = scc_nowhere("policy", "check", "", env={"SCC_POLICY": "leeds"})
    assert (done.code, done.out) == (2, "")
    assert done.err == "error: Give the pack's name or path, or nothing for SCC_POLICY's pack.\n"


def drafted(tmp_path: Path, name: str, *changes: tuple[str, str]) -> Path:
    """Leeds's pack with `changes` made, as the file NAME.yaml of a draft folder."""
    pack = (POLICIES_DIR / "leeds.yaml").read_text(encoding="utf-8")
    for old, new in (("name: leeds", f"name: {name}"), *changes):
        assert old in pack
        pack = pack.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(pack, encoding="utf-8")
    return path


@pytest.mark.parametrize("days", ["0", "261", "fifteen", "[15]"])
def test_a_compliance_period_the_option_would_refuse_is_refused_naming_the_setting(
        scc_nowhere, tmp_path, days) -> None:
    """The authority's default compliance period takes what --compliance-days takes: 1 to 260."""
    path = drafted(tmp_path, "leeds-2027", ("compliance_period_working_days: 15",
                                            f"compliance_period_working_days: {days}"))
    done = scc_nowhere("policy", "check", str(path), "--json")
    assert done.code == 2
    shown = {"[15]": "a list", "fifteen": "'fifteen'"}.get(days, days)
    assert done.json()["problems"] == [
        (f"'compliance_period_working_days' must be a whole number from 1 to 260, not {shown} "
         "(the working days a warning notice gives to comply where it names none, as "
         "--compliance-days)")]


def test_every_categorisation_entry_lacking_a_setting_is_named(scc_nowhere, tmp_path) -> None:
    """Each entry by its position, with its code (or title, or a rule's name) where it has one,
    not one problem for the first."""
    path = drafted(tmp_path, "leeds-2027",
                   ('    - code: "2"\n', '    - kode: "2"\n'),
                   ('      rank: 3\n', ''), ('      on_register: true\n', ''),
                   ("  automatic:\n", "  automatic:\n    - nothing\n    - {rule: half}\n"))
    done = scc_nowhere("policy", "check", str(path))
    assert done.code == 2
    assert done.out.splitlines() == [  # a long title is cut, as any text a message echoes
        ("'categorisation.categories[2]' (Good or Outstanding schools that are vul...) lacks "
         "'code'"),
        "'categorisation.categories[3]' (3) lacks 'rank', 'on_register'",
        ("'categorisation.automatic[1]' must be a mapping (rule: ..., category: ..., "
         "outcomes: ...), not 'nothing'"),
        "'categorisation.automatic[2]' (half) lacks 'category', 'outcomes'"]


@pytest.mark.parametrize("days,shown", [('"²"', "'²'"), ('"٣"', "'٣'"),
                                        (f'"{"9" * 5000}"', f"'{'9' * 40}...'")],
                         ids=["superscript", "arabic-indic", "five-thousand-digits"])
def test_a_number_in_digits_other_than_ascii_or_too_long_is_a_problem_not_a_traceback(
        scc_nowhere, tmp_path, days, shown) -> None:
    """Python reads '٣' as 3 and refuses '²' and 5,000 digits: a pack takes what the command
    line takes, ASCII digits, and names the setting otherwise."""
    path = drafted(tmp_path, "leeds-2027", ("compliance_period_working_days: 15",
                                            f"compliance_period_working_days: {days}"))
    done = scc_nowhere("policy", "check", str(path), "--json")
    assert done.code == 2, done.err
    assert done.json()["problems"] == [
        (f"'compliance_period_working_days' must be a whole number from 1 to 260, not {shown} "
         "(the working days a warning notice gives to comply where it names none, as "
         "--compliance-days)")]


@pytest.mark.parametrize("rate", ['"-550"', '"1e9999"', '"550.005"', "550.005", '"99999999999"'])
def test_a_charge_rate_a_support_form_would_refuse_is_refused_in_the_pack(
        scc_nowhere, tmp_path, rate) -> None:
    """A pack's rate takes what an amount on a form takes, pounds to the penny from £0: a
    negative rate would credit a school for the support it receives."""
    pack = (POLICIES_DIR / "calderdale.yaml").read_text(encoding="utf-8")
    old = 'day: "550", am: "300"'
    assert old in pack
    path = tmp_path / "calderdale-2027.yaml"
    path.write_text(pack.replace("name: calderdale", "name: calderdale-2027", 1)
                    .replace(old, f'day: {rate}, am: "300"'), encoding="utf-8")
    done = scc_nowhere("policy", "check", str(path), "--json")
    assert done.code == 2, done.err
    assert done.json()["problems"] == [
        ("'support.rates.roles.external-consultant.day' must be an amount of money, not "
         f"'{rate.strip(chr(34))}'")]


@pytest.mark.parametrize("old,new,problem", [
    ('authority: "Leeds City Council"', 'authority: "Leeds\\0 City Council"',
     ("'authority' must be text of at most 10,000 characters without control characters, not "
      "'Leeds\\u0000 City Council'")),
    ('"Calverley Street"', '"Calverley\\x1b[2J Street"',
     ("'address' must be text of at most 10,000 characters without control characters, not "
      "'Calverley\\u001b[2J Street'")),
    ("signatory: {name:", "signatory: {\"na\\u0007me\":",
     ("'signatory' has a key that is not a name of at most 200 characters without control "
      "characters: 'na\\u0007me'"))],
    ids=["nul-in-the-council", "escape-in-the-letterhead", "bell-in-a-signatory-key"])
def test_a_pack_text_with_a_control_character_is_a_problem_before_it_reaches_a_letter(
        scc_nowhere, tmp_path, old, new, problem) -> None:
    """The council, letterhead and signatory an authority is added with are recorded in its
    events and printed on its letters: a pack's text, and a key of its mappings, takes what a
    form's text takes."""
    done = scc_nowhere("policy", "check", str(drafted(tmp_path, "leeds-2027", (old, new))),
                       "--json")
    assert done.code == 2, done.err
    assert done.json()["problems"] == [problem]


@pytest.mark.parametrize("per_pupil,problems", [
    ("12.35", []), ('"12.35"', []),
    ('"-12"', ["'support.consortium_funding.per_pupil' must be an amount of money, not '-12'"])],
    ids=["number", "text", "negative"])
def test_the_consortium_amount_per_pupil_is_read_as_any_amount_of_the_pack(
        scc_nowhere, tmp_path, per_pupil, problems) -> None:
    """Warwickshire's 'x' a pupil, written as YAML writes a number or as text: as a rate is."""
    pack = (POLICIES_DIR / "warwickshire.yaml").read_text(encoding="utf-8")
    assert "    per_pupil: null" in pack
    path = tmp_path / "warwickshire-2027.yaml"
    path.write_text(pack.replace("name: warwickshire", "name: warwickshire-2027", 1)
                    .replace("    per_pupil: null", f"    per_pupil: {per_pupil}"),
                    encoding="utf-8")
    done = scc_nowhere("policy", "check", str(path), "--json")
    assert (done.code, done.json()["problems"]) == (2 if problems else 0, problems)
