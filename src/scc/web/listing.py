"""Sorting and paging a list page (issue 16, item 2): the rows the service gave, in the order of
a column the page offers, PAGE_SIZE at a time, and the whole list as CSV. Query values are
checked where they enter: an unknown column, order or page is a 400 naming it."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi.responses import Response

from scc.domain import inputs
from scc.domain.errors import InvalidInput
from scc.exports import csv_text

PAGE_SIZE = 50


@dataclass(frozen=True)
class Listing:
    rows: list[dict[str, Any]]  # this page's
    total: int
    page: int
    pages: int
    sort: str
    descending: bool
    query: dict[str, str]  # the page's other query values, kept by its links

    def link(self, **changes: Any) -> str:
        """This list's query with `changes` (sort, order, page), for a header or page link."""
        values = {**self.query, "sort": self.sort, "order": "desc" if self.descending else "asc",
                  "page": str(self.page), **{k: str(v) for k, v in changes.items()}}
        return "?" + urlencode(values)

    def sort_link(self, column: str) -> str:
        """Sorts by `column`; the column already sorted by turns round."""
        descending = not self.descending if column == self.sort else False
        return self.link(sort=column, order="desc" if descending else "asc", page=1)

    def aria_sort(self, column: str) -> str:
        if column != self.sort:
            return "none"
        return "descending" if self.descending else "ascending"


def ordered(rows: list[dict[str, Any]], params: Mapping[str, str],
            columns: Mapping[str, Callable[[dict[str, Any]], Any]], default: str
            ) -> tuple[list[dict[str, Any]], str, bool]:
    """`rows` sorted by the column `params` names (one of `columns`, each with its sort key;
    `default` when none is named): the rows, the column and whether descending."""
    sort, descending = order_asked(params, columns, default)
    key = columns[sort]
    # Rows without a value sort last whichever the order; the keys are text, so any compare.
    present = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return present + [r for r in rows if key(r) is None], sort, descending


def order_asked(params: Mapping[str, str], columns: Collection[str], default: str
                ) -> tuple[str, bool]:
    """The column `params` names to sort by (one of `columns`; `default` when none is named)
    and whether descending."""
    sort = params.get("sort") or default
    if sort not in columns:
        raise InvalidInput(f"The list cannot be sorted by '{inputs.shown(sort)}'; choose one of: "
                           f"{', '.join(columns)}.")
    order = params.get("order") or "asc"
    if order not in ("asc", "desc"):
        raise InvalidInput("The order is asc or desc.")
    return sort, order == "desc"


def listing(rows: list[dict[str, Any]], params: Mapping[str, str],
            columns: Mapping[str, Callable[[dict[str, Any]], Any]], default: str,
            keep: tuple[str, ...] = ()) -> Listing:
    """`rows` in the order asked for, cut to the page asked for; `keep`: the other query values
    the page's links carry."""
    found, sort, descending = ordered(rows, params, columns, default)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    page = inputs.count("The page", params.get("page") or 1, 1, pages)
    kept = {k: params[k] for k in keep if params.get(k)}
    return Listing(found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], len(found), page, pages,
                   sort, descending, kept)


def csv_response(filename: str, rows: list[dict[str, Any]], columns: list[str],
                 comment: str) -> Response:
    """The rows as a CSV download (through the one CSV writer, so no cell is read as a
    formula), after a `# comment` line saying what they are."""
    return Response(csv_text(rows, columns, [comment]), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def download(filename: str, rows: list[dict[str, Any]], params: Mapping[str, str],
             sort_columns: Mapping[str, Callable[[dict[str, Any]], Any]], default: str,
             columns: list[str], what: str) -> Response:
    """The whole list (every page), in the order asked for, as CSV: `what: N` first."""
    found, _sort, _descending = ordered(rows, params, sort_columns, default)
    return csv_response(filename, found, columns, f"{what}: {len(found)}")
