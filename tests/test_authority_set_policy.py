"""`scc authority set-policy CODE PACK` (issue 10, item 4): an authority recorded under a pack
that can no longer be read (its file gone or renamed) is refused by every command and by `scc
serve`; an administrator repairs it by naming a pack of the policies folder that can be used, for
the authority's own jurisdiction. Every refusal is one sentence and writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from scc.policy_packs import load_policy
from tests.conftest import CliRunnerFn, event_count
from tests.test_policy_packs import packs, scc_on, spoil  # noqa: F401

LEEDS, REF, NOW = "383", "910001-1", "2026-05-06"


def leeds_under_a_pack_then_gone(packs: Path, scc: CliRunnerFn) -> None:  # noqa: F811
    """Leeds served under the pack leeds-2025, with a case at Kirkstall Valley Primary; then the
    pack's file is removed, as an administrator tidying the folder might."""
    pack = spoil(packs, "leeds", "jurisdiction: england", "jurisdiction: england",
                 as_name="leeds-2025")
    assert scc("user", "add", "ada", "--role", "admin").code == 0
    assert scc("authority", "add", "--policy", "leeds-2025", user="ada").code == 0
    assert scc("user", "add", "lou", "--role", "service-manager", "--authority", LEEDS,
               user="ada").code == 0
    assert scc("school", "add", "--urn", "910001", "--name", "Kirkstall Valley Primary School",
               "--type", "community", "--phase", "Primary", "--authority", LEEDS,
               user="lou").code == 0
    opened = scc("case", "open", "--urn", "910001", "--reason", "Attainment falling",
                 "--on", "2026-05-01", user="lou", now=NOW)
    assert opened.code == 0, opened.err
    pack.unlink()
    load_policy.cache_clear()


def test_an_authority_whose_pack_is_gone_is_refused_until_set_policy_repairs_it(
        packs, scc_on, database_url) -> None:  # noqa: F811
    leeds_under_a_pack_then_gone(packs, scc_on)
    shared = ("case", "concerns-shared", REF, "--on", "2026-05-05")
    refused = scc_on(*shared, user="lou", now=NOW)
    assert refused.code == 2
    assert refused.err.startswith("error: No policy pack 'leeds-2025'; available: ")
    served = scc_on("serve", "--no-scheduler", "--port", "1")
    assert (served.code, served.err) == (2, refused.err)

    done = scc_on("authority", "set-policy", LEEDS, "leeds", user="ada")
    assert done.code == 0, done.err
    assert "Authority 383 works under the policy pack leeds from now on (until now: leeds-2025)" \
        in done.err
    assert scc_on("authority", "show", LEEDS, "--json", user="ada").json()["policy"] == "leeds"
    assert scc_on(*shared, user="lou", now=NOW).code == 0
    assert scc_on("case", "show", REF, "--json", user="lou").json()["state"] == "concerns_shared"
    assert scc_on("projections", "rebuild", user="ada").code == 0  # the read model replays it
    assert [(a["code"], a["policy"]) for a in scc_on(
        "authority", "list", "--json", user="ada").json()] == [("381", "calderdale"),
                                                                (LEEDS, "leeds")]
    verified = scc_on("audit", "verify", user="ada")
    assert verified.code == 0, verified.err


def test_a_pack_that_cannot_serve_the_authority_is_refused_in_one_sentence(
        packs, scc_on, database_url) -> None:  # noqa: F811
    leeds_under_a_pack_then_gone(packs, scc_on)
    spoiled = spoil(packs, "leeds", "report_due_working_days: 10",
                    "report_due_working_days: ten", as_name="leeds-2027")
    elsewhere = packs.parent / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(packs / "leeds.yaml", elsewhere / "leeds.yaml")
    before = event_count(database_url)
    for pack, user, code, message in (
            ("leeds-2027", "ada", 2, (f"The policy pack {spoiled}: 'visits.report_due_"
                                      "working_days' must be a whole number, not 'ten'; "
                                      "correct the file.")),
            ("../elsewhere/leeds", "ada", 2, "No policy pack '../elsewhere/leeds'; available: "),
            ("vale-of-glamorgan", "ada", 2,
             ("The policy pack vale-of-glamorgan is for Wales, and Leeds is in England: an "
              "authority does not change jurisdiction; give a pack for England.")),
            ("leeds", "lou", 6, "")):
        done = scc_on("authority", "set-policy", LEEDS, pack, user=user)
        assert done.code == code, (pack, done.err)
        assert done.err.startswith(f"error: {message}") and len(done.err.splitlines()) == 1
    assert event_count(database_url) == before
