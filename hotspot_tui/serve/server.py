"""The station server: a sign-in page in front of textual-serve.

No app process starts until a person has signed in: `/` and `/ws` need a live browser
session (a cookie: random, HttpOnly, Secure, SameSite=Strict). The app process for a
session is `hotspot-tui --db PATH` signed in by a one-time ticket the server passes in
its environment (never in a URL or on its command line). Forms carry a token tied to the
session (or, on the sign-in page, to a cookie of its own) and must come from this site.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import shlex
import ssl
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from hotspot_tui.domain.accounts import Credentials
from hotspot_tui.errors import HotspotError
from hotspot_tui.serve.pages import app_page, sign_in_page
from hotspot_tui.serve.web_sessions import SessionStore, WebSession
from hotspot_tui.services import sign_in as accounts
from hotspot_tui.services.sign_in import TICKET_ENV

log = logging.getLogger("hotspot-tui.serve")

SESSION_COOKIE = "hotspot_session"
LOGIN_COOKIE = "hotspot_signin"
CHECK_EVERY_SECONDS = 5.0
OPEN_PATHS = ("/login", "/static/")


@dataclass(frozen=True)
class ServeOptions:
    db_path: Path
    host: str = "127.0.0.1"
    port: int = 8000
    certfile: Path | None = None
    keyfile: Path | None = None
    behind_proxy: bool = False
    title: str = "hotspot-tui"

    @property
    def tls(self) -> bool:
        return self.certfile is not None

    @property
    def https(self) -> bool:
        """The browser sees https: our own TLS, or the proxy's in front of us."""
        return self.tls or self.behind_proxy


def app_command(db_path: Path) -> str:
    return shlex.join([sys.executable, "-m", "hotspot_tui", "--db", str(db_path)])


class _SignedInApp(AppService):
    """textual-serve's app process, started with the person's one-time ticket."""

    def __init__(self, *args: Any, ticket: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ticket = ticket

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment[TICKET_ENV] = self._ticket
        return environment


class StationServer(Server):
    def __init__(self, options: ServeOptions, *, sessions: SessionStore | None = None) -> None:
        scheme = "https" if options.https else "http"
        super().__init__(app_command(options.db_path), host=options.host, port=options.port,
                         title=options.title, public_url=f"{scheme}://{options.host}:{options.port}")
        self.options = options
        self.sessions = sessions or SessionStore()
        self._signin_tokens: set[str] = set()

    # -- the aiohttp application ---------------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._headers, self._signed_in], client_max_size=64 * 1024)
        app.add_routes([
            web.get("/login", self.handle_sign_in_page, name="login"),
            web.post("/login", self.handle_sign_in),
            web.post("/logout", self.handle_sign_out),
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self._close_all)
        return app

    @web.middleware
    async def _headers(self, request: web.Request, handler: Any) -> web.StreamResponse:
        response = await handler(request)
        origin = self._origin(request)
        ws_origin = origin.replace("https://", "wss://").replace("http://", "ws://")
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; connect-src 'self' {ws_origin}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
            "base-uri 'none'")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")  # no-referrer would make Origin "null"
        if not request.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if self.options.https:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @web.middleware
    async def _signed_in(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/login" or request.path.startswith("/static/"):
            return await handler(request)
        session = self.sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is None:
            if request.path == "/":
                return _see_other("/login")
            return web.Response(status=401, text="sign in first")
        request["web_session"] = session
        return await handler(request)

    def _origin(self, request: web.Request) -> str:
        return f"{'https' if self.options.https else 'http'}://{request.host}"

    def _same_site(self, request: web.Request) -> bool:
        """A form post or websocket from this site's own pages (the Origin header, which
        browsers send with both, names it)."""
        origin = request.headers.get("Origin")
        return origin is not None and secrets.compare_digest(origin, self._origin(request))

    def _cookie(self, response: web.StreamResponse, name: str, value: str, *, max_age: int | None) -> None:
        response.set_cookie(name, value, max_age=max_age, path="/", secure=True, httponly=True,
                            samesite="Strict")

    # -- signing in and out --------------------------------------------------------------
    def _sign_in_form(self, *, status: int = 200, name: str = "", error: str = "",
                      notice: str = "") -> web.Response:
        token = secrets.token_urlsafe(32)
        response = web.Response(text=sign_in_page(title=self.title, csrf=token, name=name, error=error,
                                                  notice=notice),
                                content_type="text/html", status=status)
        self._cookie(response, LOGIN_COOKIE, token, max_age=30 * 60)
        return response

    async def handle_sign_in_page(self, request: web.Request) -> web.Response:
        if self.sessions.get(request.cookies.get(SESSION_COOKIE)) is not None:
            return _see_other("/")
        notice = "You have signed out." if request.query.get("signed_out") else ""
        return self._sign_in_form(notice=notice)

    async def handle_sign_in(self, request: web.Request) -> web.Response:
        form = await request.post()
        expected = request.cookies.get(LOGIN_COOKIE, "")
        given = str(form.get("csrf", ""))
        if not self._same_site(request) or not expected or not secrets.compare_digest(expected, given):
            return self._sign_in_form(status=403, error="The form had expired: sign in again.")
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        if not name or not password:
            return self._sign_in_form(status=400, name=name, error="Type your name and password.")
        loop = asyncio.get_running_loop()
        try:
            identity = await loop.run_in_executor(None, accounts.authenticate, self.options.db_path,
                                                  Credentials(name, password))
            policy = await loop.run_in_executor(None, accounts.policy_of, self.options.db_path)
        except HotspotError as exc:
            log.info("sign-in refused for a name of %d characters", len(name))
            return self._sign_in_form(status=401, name=name, error=exc.message)
        session = self.sessions.start(identity, policy)
        log.info("signed in: %s (%s)", identity.name, identity.role)
        response = _see_other("/")
        self._cookie(response, SESSION_COOKIE, session.id, max_age=None)
        response.del_cookie(LOGIN_COOKIE, path="/")
        return response

    async def handle_sign_out(self, request: web.Request) -> web.Response:
        session: WebSession = request["web_session"]
        form = await request.post()
        if not self._same_site(request) or not session.form_token_ok(str(form.get("csrf", ""))):
            return web.Response(status=403, text="that request did not come from this site")
        await self._end(session)
        log.info("signed out: %s", session.identity.name)
        response = _see_other("/login?signed_out=1")
        response.del_cookie(SESSION_COOKIE, path="/")
        return response

    async def _end(self, session: WebSession) -> None:
        self.sessions.end(session)
        for socket in list(session.sockets):
            with contextlib.suppress(Exception):
                await socket.close()

    async def _close_all(self, app: web.Application) -> None:
        for session in list(getattr(self.sessions, "_sessions", {}).values()):
            await self._end(session)

    # -- the app -------------------------------------------------------------------------
    async def handle_index(self, request: web.Request) -> web.Response:
        session: WebSession = request["web_session"]
        origin = self._origin(request)
        ws_url = origin.replace("https://", "wss://").replace("http://", "ws://") + "/ws"
        page = app_page(title=self.title, who=session.identity.name, role=str(session.identity.role),
                        csrf=session.csrf, static_url=f"{origin}/static/", websocket_url=ws_url,
                        font_size=to_int(request.query.get("fontsize", "16"), 16))
        return web.Response(text=page, content_type="text/html")

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]  # refusals answer in plain HTTP
        session: WebSession = request["web_session"]
        if not self._same_site(request):
            return web.Response(status=403, text="that request did not come from this site")
        width = max(20, min(to_int(request.query.get("width", "80"), 80), 500))
        height = max(10, min(to_int(request.query.get("height", "24"), 24), 300))
        loop = asyncio.get_running_loop()
        try:
            ticket = await loop.run_in_executor(None, accounts.issue_ticket, self.options.db_path,
                                                session.identity.account_id or "")
        except HotspotError as exc:
            return web.Response(status=503, text=exc.message)
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        await websocket.prepare(request)
        session.sockets.add(websocket)
        service = _SignedInApp(self.command, write_bytes=websocket.send_bytes,
                               write_str=websocket.send_str, close=websocket.close,
                               download_manager=self.download_manager, debug=self.debug,
                               ticket=ticket.token)
        watch = asyncio.create_task(self._watch(session, websocket))
        try:
            await service.start(width, height)
            await self._relay(websocket, service, session)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:  # a broken connection: the app is stopped below
            log.exception("websocket ended with an error")
        finally:
            watch.cancel()
            session.sockets.discard(websocket)
            await service.stop()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: AppService,
                     session: WebSession) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                self.sessions.touch(session)
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width = max(20, min(to_int(str(data.get("width", 80)), 80), 500))
                height = max(10, min(to_int(str(data.get("height", 24)), 24), 300))
                await service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _watch(self, session: WebSession, websocket: web.WebSocketResponse) -> None:
        """Close the app when its session ends (signed out, idle, too old)."""
        while not websocket.closed:
            await asyncio.sleep(CHECK_EVERY_SECONDS)
            if not self.sessions.live(session):
                log.info("session ended: %s", session.identity.name)
                await self._end(session)
                return

    # -- running -------------------------------------------------------------------------
    async def on_startup(self, app: web.Application) -> None:
        scheme = "https" if self.options.tls else "http"
        where = f"{scheme}://{self.options.host}:{self.options.port}"
        behind = " (behind a reverse proxy)" if self.options.behind_proxy else ""
        self.console.print(f"hotspot-tui: serving {self.options.db_path} on {where}{behind}; ctrl+c stops")

    def serve(self, debug: bool = False) -> None:
        self.debug = debug
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
        ssl_context = None
        if self.options.tls:
            ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ssl_context.minimum_version = ssl.TLSVersion.TLSv1_2
            ssl_context.load_cert_chain(str(self.options.certfile), str(self.options.keyfile))
        web.run_app(self._make_app(), host=self.options.host, port=self.options.port,
                    ssl_context=ssl_context, print=lambda *args: None,
                    access_log_format='%a "%r" %s %b %Tf')


def _see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


def private_environment() -> None:
    """The server's children inherit its environment: leave no ticket of its own there."""
    os.environ.pop(TICKET_ENV, None)
