"""The app factory: one Starlette application per server (or per test), nothing global."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .._validate import enforce_policies
from ..exceptions import PolicyViolation, Problem
from ..exporters import Store
from ..privacy import AccessDenied
from ..workspace import LinkRefused, RateLimited
from . import _chair, _journey, _panelist
from ._app import HERE, LANG_COOKIE, SESSION_COOKIE, Guard, Settings, Web, client_address
from ._texts import TEXTS

__all__ = ["create_app"]


def create_app(
    store_path: str | os.PathLike[str], *, settings: Settings | None = None
) -> Starlette:
    """The workspace as an ASGI application on the store at *store_path*.

    Build one per server (or per test); nothing is global.

    :raises rekrytera.exceptions.PolicyViolation: when a recruitment in the
        store breaks an installed plugin's policy (each problem's path starts
        with ``STORE#ID``), unless ``settings.skip_policies`` skips it.
    """
    path = Path(store_path)
    if not path.is_file():
        raise FileNotFoundError(f"no store at {path}")
    settings = settings or Settings()
    with Store(path) as store:  # migrate once, before the first request
        _enforce_policies(store, path, settings.skip_policies)
    web = Web(path, settings)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        kinds = {
            "refused": ("refused", 403),
            "limited": ("limited", 429),
            "csrf": ("csrf", 403),
            "forbidden": ("forbidden", 403),
        }
        kind, status = kinds.get(str(exc.detail), ("not_found", exc.status_code))
        if exc.status_code == 405:
            kind, status = "not_found", 405
        return web.page(request, "refused.html", status_code=status, kind=kind, path="/")

    async def denied(request: Request, exc: Exception) -> Response:
        return web.page(request, "refused.html", status_code=403, kind="forbidden", path="/")

    async def broken_policy(request: Request, exc: Exception) -> Response:
        # A recruitment put in the store after the server started, that breaks
        # a policy: the page says so instead of failing.
        return web.page(request, "refused.html", status_code=409, kind="policy", path="/")

    async def enter(request: Request) -> Response:
        ws = web.workspace()
        try:
            secret, _ = ws.enter(request.path_params["token"], client_address(request))
        except RateLimited:
            raise HTTPException(429, "limited") from None
        except LinkRefused:
            raise HTTPException(403, "refused") from None
        finally:
            ws.store.close()
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            secret,
            httponly=True,
            samesite="strict",
            secure=web.secure(request),
            path="/",
        )
        return response

    async def language(request: Request) -> Response:
        chosen = request.path_params["lang"]
        if chosen not in TEXTS:
            raise HTTPException(404)
        back = request.query_params.get("back", "/")
        local = back.startswith("/") and "//" not in back and "\\" not in back
        response = RedirectResponse(back if local else "/", 303)
        response.set_cookie(
            LANG_COOKIE, chosen, httponly=True, samesite="strict", secure=web.secure(request)
        )
        return response

    routes = [
        Route("/l/{token}", enter),
        Route("/lang/{lang}", language),
        *_panelist.routes(web),
        *_chair.routes(web),
        *_journey.routes(web),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: refused,
            AccessDenied: denied,
            PolicyViolation: broken_policy,
        },
    )
    app.add_middleware(Guard, routes=routes)
    return app


def _enforce_policies(store: Store, path: Path, skip: tuple[str, ...]) -> None:
    """Refuse to serve a store where a recruitment breaks an installed policy."""
    problems = []
    for id in store.ids():
        try:
            enforce_policies(store.get(id), skip=skip)
        except PolicyViolation as e:
            where = f"{path}#{id}"
            problems += [
                Problem(f"{where}: {p.path}" if p.path else where, p.message) for p in e.problems
            ]
    if problems:
        raise PolicyViolation(problems)
