"""Support and funding (issue 14): the board's view (and its CSV), a bid's page and a support
plan's page with the forms of their workflows, and a bid or a plan started from the school page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from scc.domain.money import pounds
from scc.web.cluster_forms import cluster_report_form
from scc.web.form_pages import form_or_404, show_form, submit_form
from scc.web.forms import FormSpec
from scc.web.listing import csv_response
from scc.web.security import Viewer, Who, web
from scc.web.support_chart import spend_chart
from scc.web.support_forms import BID_FORMS, decide_bid_form, letter_form, submit_bid_form
from scc.web.support_plan_forms import PLAN_LETTER, draft_plan_form, plan_forms
from scc.web.templating import render

router = APIRouter(include_in_schema=False)
BOARD_CSV = ["table", "cluster", "area", "approved", "spent", "remaining"]


@router.get("/support/board")
def board(request: Request, who: Who, authority: str | None = None) -> Response:
    shown = web(request).services.support.board_page(who.name, authority)
    return render(request, "support_board.html", board=shown, pounds=pounds,
                  chart=spend_chart(shown["clusters"]),
                  can_report=bool(shown["clusters_offered"]) and "support.record" in who.can)


def _cluster_spec(request: Request, who: Viewer) -> FormSpec:
    offered = web(request).services.support.board_page(who.name)["clusters_offered"]
    return form_or_404(cluster_report_form(offered) if offered else None)


@router.get("/support/board/cluster-report")
def cluster_report(request: Request, who: Who) -> Response:
    return show_form(request, who, _cluster_spec(request, who), "", "/support/board",
                     "Support and funding")


@router.post("/support/board/cluster-report")
async def cluster_report_submit(request: Request, who: Who) -> Response:
    return await submit_form(request, who, _cluster_spec(request, who), "", "/support/board",
                             "Support and funding")


@router.get("/support/clusters/{authority}/documents/{sha256}")
def cluster_document(request: Request, authority: str, sha256: str, who: Who) -> Response:
    return _document(web(request).services.support.cluster_report_document(
        who.name, authority, sha256))


@router.get("/support/bids/{reference}/documents/{sha256}")
def bid_document(request: Request, reference: str, sha256: str, who: Who) -> Response:
    return _document(web(request).services.support.form_document(who.name, reference, sha256))


@router.get("/support/plans/{reference}/documents/{sha256}")
def plan_document(request: Request, reference: str, sha256: str, who: Who) -> Response:
    return _document(web(request).services.support.form_document(who.name, reference, sha256))


def _document(found: tuple[dict[str, Any], bytes]) -> Response:
    """One part (PDF or HTML) of an issued form, exactly as kept."""
    meta, content = found
    disposition = "inline" if meta["media_type"].startswith("text/html") else "attachment"
    return Response(content, media_type=meta["media_type"], headers={
        "Content-Disposition": f'{disposition}; filename="{meta["filename"]}"'})


@router.get("/support/board.csv")
def board_csv(request: Request, who: Who, authority: str | None = None) -> Response:
    """Spending by cluster, then by area: approved, spent and remaining, in pounds and pence."""
    shown = web(request).services.support.board(who.name, authority)
    rows = [dict(r, table="cluster") for r in shown["clusters"]] + \
        [dict(r, table="area") for r in shown["areas"]]
    return csv_response("support-board.csv", rows, BOARD_CSV,
                        f"Support and funding on {shown['today']}: approved, spent and "
                        "remaining by cluster and by area")


def _school_spec(request: Request, who: Viewer, urn: str, form: str) -> tuple[FormSpec, str]:
    choices = web(request).services.support.choices(who.name, urn)  # with the scope check
    if form == "bid" and choices["areas"]:
        return submit_bid_form(choices["areas"], choices["periods"]), choices["school"]
    return form_or_404(draft_plan_form(choices["rates"]) if form == "plan" and choices["rates"]
                       else None), choices["school"]


@router.get("/schools/{urn}/support/{form}")
def school_form(request: Request, urn: str, form: str, who: Who) -> Response:
    spec, name = _school_spec(request, who, urn, form)
    return show_form(request, who, spec, urn, f"/schools/{urn}", f"{name} (URN {urn})")


@router.post("/schools/{urn}/support/{form}")
async def school_submit(request: Request, urn: str, form: str, who: Who) -> Response:
    spec, name = _school_spec(request, who, urn, form)
    return await submit_form(request, who, spec, urn, f"/schools/{urn}", f"{name} (URN {urn})")


def _bid_forms(shown: dict[str, Any]) -> dict[str, FormSpec]:
    offered = (*BID_FORMS.get(shown["state"], ()), letter_form(len(shown["impact_reports"])))
    if shown["state"] == "submitted":
        offered = (decide_bid_form(shown["areas"]), *offered)
    return {spec.key: spec for spec in offered}


@router.get("/support/bids/{reference}")
def bid(request: Request, reference: str, who: Who) -> Response:
    shown = web(request).services.support.show_bid(who.name, reference)
    forms = [f for f in _bid_forms(shown).values() if f.permission in who.can]
    return render(request, "support_bid.html", bid=shown, forms=forms, pounds=pounds)


@router.get("/support/bids/{reference}/{form}")
def bid_form(request: Request, reference: str, form: str, who: Who) -> Response:
    spec = form_or_404(_bid_forms(web(request).services.support.show_bid(who.name, reference))
                       .get(form))
    return show_form(request, who, spec, reference, f"/support/bids/{reference}",
                     f"Bid {reference}")


@router.post("/support/bids/{reference}/{form}")
async def bid_submit(request: Request, reference: str, form: str, who: Who) -> Response:
    spec = form_or_404(_bid_forms(web(request).services.support.show_bid(who.name, reference))
                       .get(form))
    return await submit_form(request, who, spec, reference, f"/support/bids/{reference}",
                             f"Bid {reference}")


def _plan_forms(request: Request, who: Viewer, reference: str
                ) -> tuple[dict[str, Any], dict[str, FormSpec]]:
    shown = web(request).services.support.show_plan(who.name, reference)
    return shown, {spec.key: spec for spec in (*plan_forms(shown["state"], shown["rates"]),
                                               PLAN_LETTER)}


@router.get("/support/plans/{reference}")
def plan(request: Request, reference: str, who: Who) -> Response:
    shown, offered = _plan_forms(request, who, reference)
    forms = [f for f in offered.values() if f.permission in who.can]
    return render(request, "support_plan.html", plan=shown, forms=forms, pounds=pounds)


@router.get("/support/plans/{reference}/{form}")
def plan_form(request: Request, reference: str, form: str, who: Who) -> Response:
    spec = form_or_404(_plan_forms(request, who, reference)[1].get(form))
    return show_form(request, who, spec, reference, f"/support/plans/{reference}",
                     f"Support plan {reference}")


@router.post("/support/plans/{reference}/{form}")
async def plan_submit(request: Request, reference: str, form: str, who: Who) -> Response:
    spec = form_or_404(_plan_forms(request, who, reference)[1].get(form))
    return await submit_form(request, who, spec, reference, f"/support/plans/{reference}",
                             f"Support plan {reference}")
