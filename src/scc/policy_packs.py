"""Finding a policy pack by name and reading it once per process. Apart from the pack's values
(scc.policy) and their reading (scc.policy_reading), so that every command, which imports this
through the Context, pays for neither until it reads a pack.

A pack is read when a command first needs it, each value checked: a pack that is not YAML, lacks
a setting or gives one of the wrong kind is refused in one sentence naming the file and the
setting (PolicyPackError: the CLI exits 2, `scc serve` does not start).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from scc.domain.errors import InvalidInput
from scc.workflow_files import WORKFLOWS_DIR

if TYPE_CHECKING:
    from scc.policy import Policy

POLICIES_DIR = WORKFLOWS_DIR / "policies"


class UnknownPolicy(InvalidInput):
    """No pack of that name (SCC_POLICY, `scc authority add --policy`, or an authority's pack
    whose file has gone)."""


class PolicyPackError(InvalidInput):
    """A policy pack file that cannot be used as it is: the file and every problem of it, each
    naming the setting and what it accepts."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"The policy pack {path}: {'; '.join(problems)}; correct the file.")
        self.path, self.problems = path, problems


def available_policies() -> list[str]:
    return sorted(p.stem for p in POLICIES_DIR.glob("*.yaml"))


# Every pack read is kept: a deployment serving more authorities than a bounded cache holds, each
# under a pack of its own, would otherwise read packs again on every command in turn (a pack is
# a file of the policies folder, so there are only so many).
@functools.cache
def load_policy(name: str) -> Policy:
    from scc.policy_reading import read_pack  # the YAML reader and the values packs set

    return read_pack(pack_file(name))


def check_pack(pack: str) -> tuple[Path, list[str]]:
    """The file of `pack` (a pack's name, or the path of a pack file not yet deployed) and every
    problem of it (none: it can be used), for an administrator to correct before serving it."""
    from scc.policy_reading import pack_problems

    path = Path(pack) if pack.endswith((".yaml", ".yml")) or "/" in pack else pack_file(pack)
    if not path.is_file():
        raise UnknownPolicy(f"There is no policy pack file {path}.")
    return path, pack_problems(path)


def pack_file(name: str) -> Path:
    """The file of the pack `name` in the policies folder (UnknownPolicy if it has none)."""
    path = POLICIES_DIR / f"{name}.yaml"
    # A name is a file of the policies folder, never a path out of it: an authority added under
    # '../elsewhere/pack' would record the pack's own name, which no file of the folder has, and
    # every later command of that authority, and the server's start, would then be refused.
    if path.parent != POLICIES_DIR or not path.exists():
        raise UnknownPolicy(
            f"No policy pack '{name}'; available: {', '.join(available_policies())}."
        )
    return path
