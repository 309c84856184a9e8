"""Writes the bank holiday table the calendar reads (`scc/bank_holidays.json`) from the installed
`holidays` package: `python -m scc.bank_holiday_table` (or `make bank-holidays`) after upgrading
the package. The table spares every command the package's import; the package stays the source
of truth, and tests/test_bank_holiday_table.py fails whenever the two disagree."""

from __future__ import annotations

import json
from typing import Any

from scc.calendar import TABLE, package_bank_holidays

FIRST_YEAR = 1990
LAST_YEAR = 2060
# England and Wales share their bank holidays today; both lists are kept so that a Wales-only
# proclamation reaches the Welsh strict calendar (see calendar._SUBDIV).
SUBDIVISIONS = ("ENG", "WLS")


def table() -> dict[str, Any]:
    """The table as the installed `holidays` package gives it."""
    return {"first_year": FIRST_YEAR, "last_year": LAST_YEAR, **{
        subdiv: {str(year): {day.strftime("%m-%d"): name
                             for day, name in package_bank_holidays(subdiv, year).items()}
                 for year in range(FIRST_YEAR, LAST_YEAR + 1)}
        for subdiv in SUBDIVISIONS}}


def text(content: dict[str, Any]) -> str:
    """The file's text: one line a year, so an upgrade's change reads as a one-line diff."""
    lines = ["{", f'"first_year": {content["first_year"]},',
             f'"last_year": {content["last_year"]},']
    for n, subdiv in enumerate(SUBDIVISIONS):
        years = content[subdiv]
        lines.append(f'"{subdiv}": {{')
        lines += [f'  "{year}": {json.dumps(days, ensure_ascii=False)}'
                  + ("," if i < len(years) - 1 else "") for i, (year, days) in
                  enumerate(years.items())]
        lines.append("}" + ("," if n < len(SUBDIVISIONS) - 1 else ""))
    return "\n".join([*lines, "}"]) + "\n"


def main() -> None:
    TABLE.write_text(text(table()), encoding="utf-8")
    print(f"Wrote {TABLE} ({FIRST_YEAR}-{LAST_YEAR}, {', '.join(SUBDIVISIONS)}).")


if __name__ == "__main__":
    main()
