"""`scc policy check`: a policy pack read as a command would read it, every problem listed, so an
administrator can correct a pack before deploying it. Opens no database."""

from __future__ import annotations

import click

from scc.cli.common import LINE, emit, json_flag


@click.command("check", help="Read a policy pack (a name under workflows/policies, or the path "
                             "of a pack file; default: SCC_POLICY's) and list every problem; "
                             "exit 0 when it can be used, 2 when not.")
@click.argument("pack", type=LINE, required=False, metavar="[NAME|PATH]")
@json_flag
def check(pack: str | None, as_json: bool) -> None:
    from scc.bootstrap import Settings
    from scc.domain.errors import InvalidInput
    from scc.policy_packs import check_pack

    if pack is not None and not pack.strip():  # an unset variable in a script: not SCC_POLICY's
        raise InvalidInput("Give the pack's name or path, or nothing for SCC_POLICY's pack.")
    path, problems = check_pack(pack or Settings.from_env().policy)
    emit({"pack": str(path), "problems": problems}, as_json,
         lambda _: "\n".join(problems) if problems else f"The policy pack {path} can be used.")
    if problems:
        raise InvalidInput(f"The policy pack {path} cannot be used: {len(problems)} problem(s), "
                           "listed above; correct the file.")
