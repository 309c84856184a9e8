"""CSV exports: the one writer every CSV the service produces goes through.

A spreadsheet treats a cell beginning with `=`, `+`, `-` or `@` (and, in some, a tab or a carriage
return) as a formula, so a school name or a reason typed as `=HYPERLINK(...)` would run when an
officer opens the export. Every text cell starting so is neutralised as OWASP advises ("CSV
Injection"): prefixed with a single quote, which spreadsheets show as text and do not evaluate.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> Any:
    """The value as a cell that cannot be read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str],
             comments: Iterable[str] = ()) -> str:
    """The rows as CSV (these columns, a header first), after `# comment` lines; every cell,
    comments included, neutralised."""
    out = io.StringIO()
    for comment in comments:
        out.write(f"# {neutralised(comment)}\n".replace("\r", " "))
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: neutralised(row.get(k)) for k in columns} for row in rows)
    return out.getvalue()
