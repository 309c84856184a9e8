"""The case list names each school's category with the title its authority's policy pack gives it,
read from the pack's categories alone (scc.category_titles) where they are written in the usual
block form: it must give what the whole pack gives, and leave every other form to the whole pack."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scc import policy_packs
from scc.category_titles import category_titles
from scc.policy_packs import POLICIES_DIR, load_policy
from tests.conftest import CliRunnerFn, cli_against

RED = '    - code: RED\n      title: "Of high concern to the Local Authority"\n'


def whole_pack_titles(name: str) -> dict[str, str]:
    scheme = load_policy(name).scheme
    assert scheme is not None
    return {category.code.casefold(): category.title for category in scheme.categories}


@pytest.mark.parametrize("path", sorted(POLICIES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_pack_titles_its_categories_as_the_whole_pack_does(path: Path) -> None:
    titles = category_titles(path)
    assert titles is None or titles == whole_pack_titles(path.stem)


@pytest.mark.parametrize("name", ["bury", "calderdale", "leeds", "vale-of-glamorgan"])
def test_the_shipped_packs_written_in_block_form_are_read_without_the_whole_pack(
        name: str) -> None:
    """So that the comparison above is not met by this reader leaving every pack to the whole
    pack: only Warwickshire's, in flow style, is."""
    assert category_titles(POLICIES_DIR / f"{name}.yaml") == whole_pack_titles(name)


def test_the_default_pack_is_read_without_the_whole_pack() -> None:
    assert category_titles(POLICIES_DIR / "calderdale.yaml") == {
        "green": "No concern at this time", "amber": "Of concern to the Local Authority",
        "red": "Of high concern to the Local Authority"}


@pytest.mark.parametrize("written", [
    '    - code: RED\n      title: >-\n        Of high concern\n',  # a folded scalar
    '    - code: RED\n      title: Of high\n        concern\n',  # a plain title over two lines
    '    - code: RED\n      title: "Of high\n        concern"\n',  # a quotation over two lines
    '    - {code: RED, title: "Of high concern", rank: 3, on_register: true, visits: 6}\n',
    '    - code: RED\n      <<: *red\n',  # a merge key may bring a title
    '    - code: yes\n      title: "Of high concern"\n',  # YAML reads a flag, not a code
    '    - code: RED\n      title: "Of high concern"\n      title: "Of concern"\n',
    '    - code: RED\n      visits: {up_to: 6,\n      title: "x"}\n      title: "y"\n',
    '    - code: RED\n      title: !!str Of high concern\n',  # a tag
], ids=["folded", "plain-over-lines", "quoted-over-lines", "flow", "merge-key", "flag-code",
        "title-twice", "flow-over-lines", "tag"])
def test_a_category_written_in_another_form_is_left_to_the_whole_pack(
        tmp_path: Path, written: str) -> None:
    text = (POLICIES_DIR / "calderdale.yaml").read_text(encoding="utf-8")
    assert RED in text
    path = tmp_path / "pack.yaml"
    path.write_text(text.replace(RED, written), encoding="utf-8")
    assert category_titles(path) is None


@pytest.fixture
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The policy packs, copied into a folder of the test's own that scc reads instead."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES_DIR, folder)
    monkeypatch.setattr(policy_packs, "POLICIES_DIR", folder)
    load_policy.cache_clear()
    yield folder
    load_policy.cache_clear()


@pytest.mark.parametrize("written,title", [
    ('    - code: RED\n      title: "Of very high concern"\n', "Of very high concern"),
    ('    - code: RED\n      title: >-\n        Of very high\n        concern\n',
     "Of very high concern")], ids=["block", "folded"])
def test_the_case_list_shows_the_title_the_pack_gives_the_schools_category(
        packs: Path, database_url: str, written: str, title: str) -> None:
    """Whichever way the pack writes it: read from its categories, or from the whole pack."""
    pack = packs / "calderdale.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace(RED, written), encoding="utf-8")
    scc: CliRunnerFn = cli_against(database_url)

    def ok(*args: str, user: str = "sam") -> str:
        done = scc(*args, user=user, now="2026-01-06")
        assert done.code == 0, (args, done.err)
        return done.out

    ok("user", "add", "ada", "--role", "admin", user="")
    ok("user", "add", "sam", "--role", "service-manager", user="ada")
    ok("school", "add", "--urn", "100001", "--name", "Oak Primary School", "--type", "community",
       "--phase", "Primary")
    ok("school", "categorise", "confirm", "100001", "--category", "RED", "--reason",
       "Safeguarding concerns", "--on", "2026-01-05")
    ok("case", "open", "--urn", "100001", "--reason", "Standards falling", "--on", "2026-01-05")
    assert [(case["category"], case["category_title"])
            for case in json.loads(ok("case", "list", "--json"))] == [("RED", title)]
