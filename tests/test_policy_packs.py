"""A policy pack an administrator got wrong (issue 10, item 4) is one sentence naming the file and
what is wrong, never a traceback: the command exits 2, and `scc serve` does not start. Both the
pack SCC_POLICY names (read when its authority is first recorded) and an authority's own pack
(read when a command first needs it) are checked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scc import policy_packs
from scc.policy_packs import POLICIES_DIR, load_policy
from tests.conftest import CliRunnerFn, cli_against


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
    """Writes pack `name` with `old` replaced by `new` (as `as_name`, if given)."""
    text = (packs / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    path = packs / f"{as_name or name}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    load_policy.cache_clear()
    return path


def test_a_pack_that_is_not_yaml_is_refused_naming_the_file_and_line(packs, scc_on) -> None:
    path = spoil(packs, "calderdale", 'la_name: "Calderdale"', 'la_name: "Calderdale',
                 as_name="broken")
    done = scc_on("user", "add", "ada", "--role", "admin", env={"SCC_POLICY": "broken"})
    assert done.code == 2
    assert done.err.startswith(f"error: The policy pack {path} is not valid YAML at line ")
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
    assert done.err == (f"error: The policy pack {path}: 'categorisation' lacks 'code' in one "
                        "of its entries; correct the file.\n")
    assert "Serving" not in done.err
