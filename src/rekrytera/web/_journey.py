"""The resident's journey in the workspace: the introduction before, the feedback after."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..journey import feedback, introduction
from ..scoring import score
from ._app import Web

__all__ = ["routes"]


def routes(web: Web) -> list[BaseRoute]:
    """``/introduction`` and ``/feedback``: documents a panelist reads, as pages."""

    def introduction_get(request: Request) -> Response:
        with web.panelist(request) as (ws, access):
            rec = ws.recruitment(access)
            document = introduction(rec, lang=web.lang(request))
            return web.page(request, "document.html", document=document)

    def feedback_get(request: Request) -> Response:
        with web.panelist(request) as (ws, access):
            rec = ws.recruitment(access)
            result = score(rec, skip_policies=web.settings.skip_policies)
            # Names as the home page shows them: residents and staff meet the candidates.
            document = feedback(rec, access.panelist, result, lang=web.lang(request), names=True)
            return web.page(request, "document.html", document=document)

    return [
        Route("/introduction", introduction_get, methods=["GET"]),
        Route("/feedback", feedback_get, methods=["GET"]),
    ]
