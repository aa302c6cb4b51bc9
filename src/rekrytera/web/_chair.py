"""The chair's pages (hiring manager and HR): progress, calibration, memo, decision, links, log."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from .. import report, score
from ..model import may_assess
from ..privacy import AccessDenied
from ..workspace import Access, LinkInfo, Workspace
from ._app import Web

__all__ = ["memo_csp", "routes"]

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def memo_csp(html: str) -> str:
    """The page's CSP, allowing exactly the memo's own style block (by its hash)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.encode()).digest()).decode() + "'"
        for m in _STYLE.findall(html)
    )
    return (
        f"default-src 'none'; style-src {hashes}; img-src data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def _when(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def routes(web: Web) -> list[BaseRoute]:
    """The chair's routes; every one refuses anyone but the hiring manager and HR."""

    def chair(access: Access) -> None:
        if not access.chair:
            raise AccessDenied("only the hiring manager or HR")

    def chair_page(
        request: Request,
        ws: Workspace,
        access: Access,
        *,
        invitations: list[dict[str, str]] | None = None,
    ) -> Response:
        rec = ws.recruitment(access)
        state = ws.state(access.recruitment)
        columns = [(c.id, s) for c in rec.candidates for s in rec.profile.stages]
        progress = [
            {
                "panelist": p.id,
                "role": p.role.value,
                "cells": [
                    "conflict" if not may_assess(rec, p.id, c) else state.get((p.id, c, s), "none")
                    for c, s in columns
                ],
            }
            for p in rec.panel
            if p.rates
        ]
        links: dict[str, LinkInfo] = {}
        for link in ws.links(access.recruitment):
            links.setdefault(link.panelist, link)  # newest first
        me = rec.panelist(access.panelist)
        own_open = [
            (c, s.value)
            for c, s in columns
            if may_assess(rec, me.id, c) and state.get((access.panelist, c, s)) != "submitted"
        ]
        result = score(rec, skip_policies=web.settings.skip_policies)
        return web.page(
            request,
            "chair.html",
            status_code=200,
            rec=rec,
            columns=[(c, s.value) for c, s in columns],
            progress=progress,
            calibration_open=ws.calibration_open(access.recruitment),
            eligible=[c.id for c in result.candidates if c.eligible],
            decision=rec.decision,
            panel=[
                {
                    "id": p.id,
                    "role": p.role.value,
                    "active": p.id in links and links[p.id].revoked is None,
                    "created": _when(links[p.id].created) if p.id in links else "–",
                }
                for p in rec.panel
            ],
            invitations=invitations,
            own_open=own_open,
            done=request.query_params.get("done"),
        )

    def home(request: Request) -> Response:
        with web.panelist(request) as (ws, access):
            chair(access)
            return chair_page(request, ws, access)

    def calibration_sync(request: Request, form: FormData) -> Response:
        with web.panelist(request) as (ws, access):
            chair(access)
            ws.open_calibration(access)
            return web.done("/chair", "calibration_opened")

    def decision_sync(request: Request, form: FormData) -> Response:
        with web.panelist(request) as (ws, access):
            chair(access)
            rec = ws.recruitment(access)
            known = {c.id for c in rec.candidates}
            hired = [h for h in form.getlist("hired") if isinstance(h, str)]
            if any(h not in known for h in hired):
                raise HTTPException(400)
            raw = form.get("motivation", "")
            ws.decide(access, hired, raw if isinstance(raw, str) else "")
            return web.done("/chair", "decision_saved")

    def revoke_sync(request: Request, form: FormData) -> Response:
        with web.panelist(request) as (ws, access):
            chair(access)
            panelist = form.get("panelist")
            rec = ws.recruitment(access)
            if not isinstance(panelist, str) or panelist not in {p.id for p in rec.panel}:
                raise HTTPException(400)
            ws.revoke(access.recruitment, panelist, by=access)
            return web.done("/chair", "revoked")

    def invite_sync(request: Request, form: FormData) -> Response:
        with web.panelist(request) as (ws, access):
            chair(access)
            rec = ws.recruitment(access)
            # Everyone but the chair, whose own link would otherwise end this session.
            others = [p.id for p in rec.panel if p.id != access.panelist]
            base = str(request.base_url)
            made = ws.invite(access.recruitment, others)
            invitations = [
                {"panelist": i.panelist, "role": i.role.value, "url": i.url(base)} for i in made
            ]
            return chair_page(request, ws, access, invitations=invitations)

    def memo(request: Request) -> Response:
        with web.panelist(request) as (ws, access):
            chair(access)
            if not ws.calibration_open(access.recruitment):
                return web.page(request, "refused.html", status_code=403, kind="memo_closed")
            html = report.render(
                ws.recruitment(access),
                lang=web.lang(request),
                skip_policies=web.settings.skip_policies,
            )
            return HTMLResponse(html, headers={"x-rekrytera-csp": memo_csp(html)})

    def audit(request: Request) -> Response:
        with web.panelist(request) as (ws, access):
            chair(access)
            entries = [
                {
                    "when": _when(e.at),
                    "who": e.panelist,
                    "action": e.action,
                    "subject": e.subject,
                }
                for e in ws.audit(access)
            ]
            return web.page(request, "audit.html", entries=entries)

    return [
        Route("/chair", home, methods=["GET"]),
        Route("/chair/calibration", web.posting(calibration_sync), methods=["POST"]),
        Route("/chair/decision", web.posting(decision_sync), methods=["POST"]),
        Route("/chair/revoke", web.posting(revoke_sync), methods=["POST"]),
        Route("/chair/invite", web.posting(invite_sync), methods=["POST"]),
        Route("/chair/memo", memo, methods=["GET"]),
        Route("/chair/audit", audit, methods=["GET"]),
    ]
