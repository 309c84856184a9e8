"""Evidence files in the web: a record's files (case, visit, progress meeting, improvement plan),
the upload form, and the download of one file, checked against its SHA-256 before it is given."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from scc.domain.errors import InvalidInput
from scc.web.form_pages import CORRECTABLE, flash
from scc.web.forms import Field, FormSpec, Values, parse
from scc.web.security import Who, checked_form, web
from scc.web.state import Web
from scc.web.templating import render

router = APIRouter(include_in_schema=False)

# Where each kind of record's own page is, and what it is called.
PAGES = {"case": ("/cases/{}", "Case {}"), "visit": ("/visits/{}", "Visit {}"),
         "meeting": ("/meetings/{}", "Progress meeting {}"), "plan": ("/plans/{}", "Plan {}")}


def _page(kind: str, reference: str) -> tuple[str, str]:
    page, title = PAGES.get(kind, ("/", "{}"))
    return page.format(reference), title.format(reference)


def upload_form(papers: dict[str, str]) -> FormSpec:
    """The upload's fields other than the file: which paper it is (a meeting's), a description."""
    fields = [Field("description", "Description", "textarea", required=False,
                    hint="What the file is, for example 'Governing body minutes, 12 May'.")]
    if papers:
        fields.insert(0, Field("paper", "Which paper is this", "radios", required=False,
                               choices=tuple(papers.items())))
    return FormSpec("upload", "Upload a file", tuple(fields), "Upload file", _upload,
                    permission="evidence.upload")


def _upload(w: Web, user: str, target: str, v: Values) -> str:
    """`target`: KIND/REFERENCE; `v["file"]`: the name and bytes sent."""
    kind, _, reference = target.partition("/")
    name, content = v["file"]
    done = w.services.evidence.upload(user, kind, reference, name, content,
                                      v["description"] or "", v.get("paper"))
    return f"{done['name']} uploaded ({done['size']:,} bytes, SHA-256 {done['sha256'][:12]})."


def _papers(request: Request, user: str, kind: str, reference: str) -> dict[str, str]:
    if kind != "meeting":
        return {}
    return dict(web(request).services.meetings.show(user, reference)["documents"])


@router.get("/evidence/{kind}/{reference}")
def files(request: Request, kind: str, reference: str, who: Who) -> Response:
    found = web(request).services.evidence.list(who.name, kind, reference)
    back, title = _page(kind, reference)
    return render(request, "evidence.html", files=found, kind=kind, reference=reference,
                  back=back, title=title, can_upload="evidence.upload" in who.can)


@router.get("/evidence/{kind}/{reference}/upload")
def upload_page(request: Request, kind: str, reference: str, who: Who) -> Response:
    web(request).services.evidence.list(who.name, kind, reference)  # the scope check
    web(request).services.ctx.actor(who.name, "evidence.upload")
    spec = upload_form(_papers(request, who.name, kind, reference))
    return _form(request, spec, kind, reference, {"paper": request.query_params.get("paper")},
                 {}, [])


@router.post("/evidence/{kind}/{reference}/upload")
async def upload(request: Request, kind: str, reference: str, who: Who) -> Response:
    form = await checked_form(request)
    services = web(request).services
    spec = upload_form(await run_in_threadpool(_papers, request, who.name, kind, reference))
    values, errors = parse(spec, form)
    given = form.get("file")
    if not isinstance(given, UploadFile) or not given.filename:
        errors["file"] = "Choose a file to upload."
    if errors or not isinstance(given, UploadFile):
        return _form(request, spec, kind, reference, values, errors, [], 400)
    # One byte past the limit is enough to know a file is too large, without reading it all.
    values["file"] = (given.filename, await given.read(services.ctx.upload_limit_bytes + 1))
    try:
        message = await run_in_threadpool(spec.run, web(request), who.name,
                                          f"{kind}/{reference}", values)
    except InvalidInput as refusal:  # the file itself refused: shown against it
        return _form(request, spec, kind, reference, values, {"file": str(refusal)}, [],
                     refusal.http_status)
    except CORRECTABLE as refusal:
        return _form(request, spec, kind, reference, values, {}, [str(refusal)],
                     refusal.http_status)
    await run_in_threadpool(flash, request, message)
    return RedirectResponse(_page(kind, reference)[0] if kind == "meeting"
                            else f"/evidence/{kind}/{reference}", status_code=303)


@router.get("/evidence/{kind}/{reference}/files/{sha256}")
def download(request: Request, kind: str, reference: str, sha256: str, who: Who) -> Response:
    file, content = web(request).services.evidence.download(who.name, kind, reference, sha256)
    # Images and PDFs open in the browser; the name is the one uploaded, made safe for a header.
    inline = file["file_type"] in ("pdf", "png", "jpeg")
    name = file["name"].encode("ascii", "replace").decode().replace('"', "'")
    return Response(content, media_type=file["media_type"], headers={
        "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{name}"',
        "X-Content-Type-Options": "nosniff"})


def _form(request: Request, spec: FormSpec, kind: str, reference: str, values: Values,
          errors: dict[str, str], general: list[str], status: int = 200) -> Response:
    back, title = _page(kind, reference)
    limit = web(request).services.ctx.upload_limit_bytes // 1_048_576
    return render(request, "evidence_upload.html", status=status, spec=spec, back=back,
                  heading=title, values=values, errors=errors, general=general, limit=limit,
                  fields=(Field("file", "File"), *spec.fields))
