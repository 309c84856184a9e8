"""Showing a command form, reading it back, and recording it: one path for every form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from scc.domain.errors import ConcurrentChange, InvalidInput, RuleViolation
from scc.notices import MissingFields
from scc.web.forms import FormSpec, Values, parse, raw_values, shown
from scc.web.security import Viewer, Who, checked_form, session_of, web
from scc.web.templating import render

# Refusals shown on the form itself so the user can correct and resubmit; NotPermitted is not
# among them: it goes to the 403 page.
CORRECTABLE = (InvalidInput, RuleViolation, ConcurrentChange)


def show_form(request: Request, viewer: Viewer, spec: FormSpec, target: str, back: str,
              heading: str, page: tuple[str, dict[str, Any]] = ("form.html", {})) -> Response:
    """`page`: the template the form sits in and what else it shows (form.html by default)."""
    services = web(request).services
    services.ctx.actor(viewer.name, spec.permission)
    today = services.ctx.clock.today().isoformat()
    values = {f.name: today for f in spec.fields if f.default_today}
    return _form(request, spec, back, heading, values, {}, [], page=page)


async def submit_form(request: Request, viewer: Viewer, spec: FormSpec, target: str, back: str,
                      heading: str, page: tuple[str, dict[str, Any]] = ("form.html", {}),
                      done: str | None = None) -> Response:
    """`done`: where to go once recorded (`back` unless given)."""
    form = await checked_form(request)
    state = web(request)
    state.services.ctx.actor(viewer.name, spec.permission)
    values, errors = parse(spec, form)
    if errors:
        return _form(request, spec, back, heading, raw_values(values), errors, [], 400, page)
    if spec.check_first and form.get("change"):  # a Change link on the check page
        return _form(request, spec, back, heading, raw_values(values), {}, [], page=page)
    try:
        if spec.check_first and form.get("confirmed") != "yes":
            preview = (await run_in_threadpool(spec.preview, state, viewer.name, target, values)
                       if spec.preview else None)
            return render(request, "check.html", spec=spec, heading=heading, back=back,
                          answers=shown(spec, values), hidden=_hidden(values), preview=preview)
        # Off the event loop: a command writes to the database (and may hash a password).
        message = await run_in_threadpool(spec.run, state, viewer.name, target, values)
    except MissingFields as missing:  # each field the notice lacks, linked to its input
        return _form(request, spec, back, heading, raw_values(values), _missing(spec, missing), [],
                     missing.http_status, page)
    except CORRECTABLE as refusal:
        return _form(request, spec, back, heading, raw_values(values), {}, [str(refusal)],
                     refusal.http_status, page)
    await run_in_threadpool(flash, request, message)
    return RedirectResponse(done or back, status_code=303)


def add_form_routes(router: APIRouter, path: str, spec: Callable[[Request], FormSpec],
                    back: str, heading: str) -> None:
    """GET shows the form, POST records it: for forms that act on no particular record."""

    @router.get(path)
    def page(request: Request, who: Who) -> Response:
        return show_form(request, who, spec(request), "", back, heading)

    @router.post(path)
    async def submit(request: Request, who: Who) -> Response:
        return await submit_form(request, who, spec(request), "", back, heading)


def form_or_404(spec: FormSpec | None) -> FormSpec:
    """The form a URL names; an unknown name is a page that does not exist."""
    if spec is None:
        raise HTTPException(404)
    return spec


def flash(request: Request, message: str) -> None:
    session = session_of(request)
    if session is not None:
        web(request).sessions.add_flash(session, message)


def _form(request: Request, spec: FormSpec, back: str, heading: str, values: Values,
          errors: dict[str, str], general: list[str], status: int = 200,
          page: tuple[str, dict[str, Any]] = ("form.html", {})) -> Response:
    template, shown_with = page
    return render(request, template, status=status, spec=spec, back=back, heading=heading,
                  values=values, errors=errors, general=general, **shown_with)


def _missing(spec: FormSpec, refusal: MissingFields) -> dict[str, str]:
    """The notices service names each missing field as "name (what it must say)"."""
    picked = {f.name for f in spec.fields if f.kind in ("checkboxes", "radios")}
    errors = {}
    for item in refusal.missing:
        name, _, describes = item.partition(" (")
        verb = "Select" if name in picked else "Enter"
        errors[name] = f"{verb} {describes.removesuffix(')')}."
    return errors


def _hidden(values: Values) -> list[tuple[str, Any]]:
    """The answers as hidden inputs, so confirming posts exactly what was checked."""
    pairs: list[tuple[str, Any]] = []
    for name, value in values.items():
        if isinstance(value, list):
            pairs += [(name, v) for v in value]
        elif value is not None:
            pairs.append((name, value.isoformat() if isinstance(value, date) else value))
    return pairs
