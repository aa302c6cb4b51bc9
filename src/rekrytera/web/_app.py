"""The app factory, security headers, sessions, CSRF and page rendering."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..exporters import Store
from ..model._base import to_tuple
from ..workspace import Access, LinkRefused, Workspace
from ._texts import TEXTS

__all__ = ["Guard", "Settings", "Web", "client_address"]

log = logging.getLogger("rekrytera.web")

HERE = Path(__file__).parent
SESSION_COOKIE = "rekrytera_session"
LANG_COOKIE = "rekrytera_lang"
#: The Content-Security-Policy of every page: nothing inline, nothing from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


@attrs.frozen
class Settings:
    """How the workspace is served.

    :param lang: the language when the visitor has not chosen one (``sv``).
    :param secure_cookies: mark cookies ``Secure``; by default, when the request
        came over HTTPS (set it when a reverse proxy terminates TLS).
    :param clock: seconds since the epoch; tests pass their own.
    :param skip_policies: installed policies an administrator skips while
        serving (see :func:`rekrytera.enforce_policies`).
    """

    lang: str = "sv"
    secure_cookies: bool | None = None
    clock: Callable[[], float] = time.time
    skip_policies: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)


class Web:
    """What every route needs: the store path, the templates, sessions and CSRF."""

    def __init__(self, store_path: Path, settings: Settings) -> None:
        self.store_path = store_path
        self.settings = settings
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def workspace(self) -> Workspace:
        """A workspace on a fresh connection (one per request; SQLite handles the rest)."""
        return Workspace(Store(self.store_path), clock=self.settings.clock)

    @contextlib.contextmanager
    def panelist(self, request: Request) -> Iterator[tuple[Workspace, Access]]:
        """The workspace and the signed-in panelist, for the length of one request."""
        ws = self.workspace()
        try:
            yield ws, self.access(request, ws)
        finally:
            ws.store.close()

    def lang(self, request: Request) -> str:
        chosen = request.cookies.get(LANG_COOKIE, self.settings.lang)
        return chosen if chosen in TEXTS else "sv"

    def access(self, request: Request, ws: Workspace) -> Access:
        """The panelist behind the session cookie; a plain 403 page without one."""
        secret = request.cookies.get(SESSION_COOKIE)
        if not secret:
            raise HTTPException(403, "refused")
        try:
            return ws.session(secret)
        except LinkRefused:
            raise HTTPException(403, "refused") from None

    def csrf_token(self, request: Request) -> str:
        """The form token of this session: an HMAC of the session secret, never stored."""
        secret = request.cookies.get(SESSION_COOKIE, "")
        return hmac.new(secret.encode(), b"rekrytera-csrf", hashlib.sha256).hexdigest()

    async def form(self, request: Request) -> FormData:
        """The posted form, after checking its CSRF token; a 403 page if it is wrong."""
        form = await request.form()
        sent = form.get("csrf")
        if not isinstance(sent, str) or not hmac.compare_digest(sent, self.csrf_token(request)):
            raise HTTPException(403, "csrf")
        return form

    def posting(
        self, handle: Callable[[Request, FormData], Response]
    ) -> Callable[[Request], Awaitable[Response]]:
        """An endpoint that checks the form's CSRF token, then runs *handle* off the event loop."""

        async def endpoint(request: Request) -> Response:
            form = await self.form(request)
            return await run_in_threadpool(handle, request, form)

        return endpoint

    def secure(self, request: Request) -> bool:
        if self.settings.secure_cookies is not None:
            return self.settings.secure_cookies
        return request.url.scheme == "https"

    def page(
        self,
        request: Request,
        template: str,
        status_code: int = 200,
        **context: Any,
    ) -> HTMLResponse:
        """Render *template* in the visitor's language."""
        lang = self.lang(request)
        words = TEXTS[lang]
        context.setdefault("path", request.url.path)
        if context.get("done") not in words:
            context["done"] = None  # a message key from the query: only known ones
        html = self.env.get_template(template).render(
            t=words, lang=lang, csrf=self.csrf_token(request), **context
        )
        return HTMLResponse(html, status_code=status_code)

    def done(self, path: str, message: str | None = None) -> RedirectResponse:
        """Redirect after a successful post (PRG); the message key rides in the query."""
        return RedirectResponse(path + (f"?done={message}" if message else ""), status_code=303)


def client_address(request: Request) -> str:
    host = request.client.host if request.client else "unknown"
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


class Guard:
    """Security headers on every response, and a log line without personal data.

    The log names the method, the route's path template (``/rate/{candidate}/{stage}``,
    never the path itself, which could hold a link's token) and the status.
    """

    def __init__(self, app: ASGIApp, routes: list[BaseRoute]) -> None:
        self.app = app
        self.routes = routes

    def template(self, scope: Scope) -> str:
        """The path template of the route *scope* matches, or ``-``."""
        for route in self.routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return str(getattr(route, "path", "-"))
        return "-"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() != b"content-security-policy"
                ]
                csp = next(
                    (v for k, v in message.get("headers", []) if k == b"x-rekrytera-csp"), None
                )
                headers = [(k, v) for k, v in headers if k != b"x-rekrytera-csp"]
                headers += [
                    (b"content-security-policy", csp or CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                if not scope["path"].startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            log.info("%s %s %s", scope["method"], self.template(scope), status)
