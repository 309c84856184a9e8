"""The server's cap on the size of a request (issue 15): a body larger than the upload limit
(SCC_UPLOAD_LIMIT_MB) plus room for the form's other fields is refused with 413 and the error page
before the form parser spools any of it to disk, so nothing is kept. A declared Content-Length
over the cap is refused before the request reaches a route; a body sent without one (chunked) is
counted as it streams and cut off at the first chunk past the cap, while the route reads it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The CSRF token, the description and the multipart boundaries around the file.
FORM_ALLOWANCE = 64 * 1024


class TooLarge(HTTPException):
    """An HTTPException, so a route's form parsing passes it on to the error page as it is."""

    def __init__(self, limit_bytes: int) -> None:
        megabytes = limit_bytes // 1_048_576
        super().__init__(413, f"The file is larger than {megabytes} MB, so it was not taken; "
                              f"files may be at most {megabytes} MB.")


class UploadLimit:
    def __init__(self, app: ASGIApp, limit_bytes: int,
                 refuse: Callable[[Request, Exception], Awaitable[Response]]) -> None:
        self.app = app
        self.limit_bytes = limit_bytes
        self.cap = limit_bytes + FORM_ALLOWANCE
        self.refuse = refuse  # the app's own error page (JSON under /api/)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.cap:
            response = await self.refuse(Request(scope, receive), TooLarge(self.limit_bytes))
            response.headers["Connection"] = "close"  # the rest of the body is never read
            await response(scope, receive, send)
            return
        counted = 0

        async def receive_counted() -> Message:
            nonlocal counted
            message = await receive()
            if message["type"] == "http.request":
                counted += len(message.get("body", b""))
                if counted > self.cap:
                    raise TooLarge(self.limit_bytes)
            return message

        await self.app(scope, receive_counted, send)
