"""The dashboard: an aiohttp application rendering Jinja2 templates on the server, reading the
plans from the same in-memory copy as the chat (bot/core/memory.ReadModel) and everything
else through db/.

Who sees what is decided here, on every request: coordinators and administrators see every
agency; a focal point sees its own agencies, their tasks, and nothing else. The only writes
are a coordinator's two data fixes (a timeframe, a succession), each behind a CSRF token.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from base.markup import to_plain
from bot.core.memory import ReadModel
from bot.core.views import describe_timeframe, stamp
from bot.core.web_answers import LOGIN_PATH, WEB_APP_PATH
from bot.export.calendar import to_ics
from bot.export.data import PlanData, calendar_events, task_rows
from bot.export.sheet import to_csv, to_xlsx
from bot.runtime import Runtime
from bot.web import auth, charts, pages
from bot.web.texts import WebTexts, language_of
from db import broadcasts as broadcasts_db
from db import fixes
from db import web as web_db
from db.engine import unit_of_work
from db.models import DataFix
from db.reminders import Window
from db.statuses import history
from domain.plan_index import PlanIndex, StatusBook
from domain.tasks import Status
from domain.text import fold
from domain.timeframes import Kind, parse_timeframe

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
TELEGRAM_DATA_AGE = timedelta(hours=1)  # how old Telegram's signed Web App data may be
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; connect-src 'self'; frame-ancestors 'self' https://web.telegram.org"
)


class DashboardUnavailable(Exception):
    """The dashboard could not listen where the settings say (the port is taken...)."""


class Refused(Exception):
    """A page this request may not have: shown as a page with its status."""

    def __init__(self, status: int, title: str, text: str = ""):
        super().__init__(title)
        self.status, self.title, self.text = status, title, text


@dataclass
class Request:
    """What every page needs about the request being answered."""

    http: web.Request
    session: AsyncSession
    texts: WebTexts
    now: datetime
    today: date
    user: web_db.WebUser | None = None
    token: str | None = None  # the session's, from the cookie
    index: PlanIndex | None = None
    statuses: StatusBook | None = None

    @property
    def csrf(self) -> str:
        return auth.csrf_token(self.token) if self.token else ""


Handler = Callable[[Request], Awaitable[web.StreamResponse]]


class Dashboard:
    def __init__(self, runtime: Runtime, model: ReadModel, base_url: str, admins: frozenset[tuple[str, str]]):
        self.runtime, self.model, self.base_url, self.admins = runtime, model, base_url, admins
        settings = runtime.settings
        self.flags = auth.cookie_flags(base_url, timedelta(hours=settings.web_session_hours))
        self.telegram_token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        zone = settings.zone
        self.templates.filters.update(
            day=_day, percent=_percent, plain=to_plain, stamp_local=lambda moment: stamp(moment, zone)
        )
        self.templates.globals["chart"] = charts
        self.app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024)
        self.app.router.add_static("/static/", HERE / "static", name="static", append_version=True)
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/", self.overview),
            ("GET", "/agencies", self.agencies),
            ("GET", "/agencies/{id:\\d{1,10}}", self.agency),
            ("GET", "/tasks/{id:\\d{1,10}}", self.task),
            ("GET", "/broadcasts", self.broadcasts),
            ("GET", "/broadcasts/{id:\\d{1,10}}", self.broadcast),
            ("GET", "/quality", self.quality),
            ("POST", "/quality/timeframe", self.fix_timeframe),
            ("POST", "/quality/succession", self.confirm_succession),
            ("GET", LOGIN_PATH + "{token}", self.login_page),
            ("POST", "/login", self.login),
            ("GET", WEB_APP_PATH, self.telegram_page),
            ("POST", WEB_APP_PATH, self.telegram_login),
            ("POST", "/logout", self.logout),
            ("GET", "/lang/{code}", self.language),
            ("GET", "/export/{plan}.{kind:xlsx|csv}", self.export_sheet),
            ("GET", "/export/{plan}/{agency:\\d{1,10}}.ics", self.export_calendar),
        ]
        for method, path, handler in routes:
            self.app.router.add_route(method, path, self._wrap(handler))

    # -- plumbing ---------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable) -> web.StreamResponse:
        started = time.perf_counter()
        response = await handler(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", _CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        if not request.path.startswith("/static/"):
            headers.setdefault("Cache-Control", "no-store")
        headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response

    def _wrap(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def answer(http: web.Request) -> web.StreamResponse:
            now = self.runtime.clock()
            async with self.runtime.sessions() as session:
                token = http.cookies.get(auth.SESSION_COOKIE)
                user = None
                if token and (account := await web_db.session_account(session, token, now)) is not None:
                    user = await web_db.web_user(session, account, self.admins)
                language = language_of(
                    user.language if user else None,
                    http.cookies.get(auth.LANGUAGE_COOKIE),
                    http.headers.get("Accept-Language"),
                )
                request = Request(
                    http,
                    session,
                    WebTexts(language),
                    now,
                    now.astimezone(self.runtime.settings.zone).date(),
                    user,
                    token if user else None,
                )
                try:
                    return await handler(request)
                except Refused as refused:
                    return self._refusal(request, refused)
                except web.HTTPException:
                    raise
                except Exception:
                    log.exception("the dashboard could not answer %s %s", http.method, http.path)
                    await session.rollback()
                    raise

        return answer

    def _refusal(self, request: Request, refused: Refused) -> web.Response:
        main = self._render("message.html", request, title=refused.title, text=refused.text, back=True)
        return self._layout(request, main, refused.title, status=refused.status)

    async def _plans(self, request: Request) -> tuple[PlanIndex, StatusBook]:
        """The plans and statuses in memory, brought up to date (at most once a second, or
        at once after this process wrote), held for the whole request."""
        await self.model.refresh(request.session)
        request.index, request.statuses = self.model.index, self.model.statuses
        return request.index, request.statuses

    def _logged_in(self, request: Request, staff: bool = False) -> web_db.WebUser:
        t = request.texts
        if request.user is None:
            raise Refused(401, t("login.needed"), t("login.needed_text"))
        if staff and not request.user.is_staff:
            raise Refused(403, t("error.forbidden"), t("error.forbidden_text"))
        if not request.user.is_staff and not request.user.agencies:
            raise Refused(403, t("error.forbidden"), t("error.forbidden_text"))
        return request.user

    async def _form(self, request: Request, staff: bool = True) -> dict[str, str]:
        """A posted form, after the CSRF token it must carry was checked."""
        self._logged_in(request, staff)
        form = await request.http.post()
        if not auth.csrf_ok(request.token, str(form.get(auth.CSRF_FIELD) or "")):
            raise Refused(403, request.texts("error.csrf"))
        return {key: str(value) for key, value in form.items()}

    def _render(self, template: str, request: Request, **values: Any) -> str:
        texts = request.texts
        return self.templates.get_template(template).render(
            t=texts,
            status=lambda s: Markup(texts.chat(f"status.{Status(s).value}")),
            user=request.user,
            csrf=request.csrf,
            csrf_field=auth.CSRF_FIELD,
            today=request.today,
            **values,
        )

    def _layout(self, request: Request, main: str, title: str, nav: str = "", status: int = 200) -> web.Response:
        user, texts = request.user, request.texts
        html = self.templates.get_template("layout.html").render(
            t=texts,
            lang=texts.language,
            other_lang="en" if texts.language == "vi" else "vi",
            here=quote(request.http.path_qs, safe="/"),
            title=title,
            nav=nav,
            main=Markup(main),
            user=user,
            role=texts(f"role.{user.role.value}") if user else "",
            csrf=request.csrf,
            csrf_field=auth.CSRF_FIELD,
            updated=stamp(request.now, self.runtime.settings.zone),
            static=self._static,
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)

    def _static(self, name: str) -> str:
        return str(self.app.router["static"].url_for(filename=name))

    def _cached(self, key: tuple, make: Callable[[], str]) -> str:
        versions = self.model.versions
        return self.model.page(("web", versions.people if versions else 0, *key), make)  # type: ignore[return-value]

    def _plan(self, request: Request, index: PlanIndex) -> str | None:
        plan = request.http.query.get("plan")
        return plan if plan in index.plans else None

    # -- pages ------------------------------------------------------------------------------

    async def overview(self, request: Request) -> web.Response:
        user = self._logged_in(request)
        index, statuses = await self._plans(request)
        plan = self._plan(request, index)
        key = ("overview", request.texts.language, request.today, user.scope, plan)
        main = self.model.pages.get(("web", self.model.versions.people, *key)) if self.model.versions else None
        if main is None:
            followers = await web_db.follower_counts(request.session) if user.scope is None else {}
            view = pages.overview(index, statuses, request.texts.chat, request.today, user.scope, plan, followers)
            main = self._cached(key, lambda: self._render("overview.html", request, view=view, **self._scope(request)))
        return self._layout(request, main, request.texts("overview.title"), "overview")

    def _scope(self, request: Request) -> dict[str, Any]:
        user, texts = request.user, request.texts
        assert user is not None
        title = (
            texts("scope.all")
            if user.scope is None
            else texts("scope.of", agencies=", ".join(a.name for a in user.agencies))
        )
        return {"scope_title": title, "several_plans": pages.several_plans(request.index)}  # type: ignore[arg-type]

    async def agencies(self, request: Request) -> web.Response:
        user = self._logged_in(request)
        index, statuses = await self._plans(request)
        plan = self._plan(request, index)
        sort = request.http.query.get("sort", "overdue")
        sort = sort if sort in pages.SORTS else "overdue"
        wanted = request.http.query.get("q", "").strip()[:100]
        key = ("agencies", request.texts.language, request.today, user.scope, plan, sort, wanted)
        main = self.model.pages.get(("web", self.model.versions.people, *key)) if self.model.versions else None
        if main is None:
            followers = await web_db.follower_counts(request.session)
            rows = pages.agency_rows(index, statuses, request.today, user.scope, plan, followers, sort)
            if wanted:
                folded = fold(wanted)
                rows = [r for r in rows if folded in fold(r.name)]
            main = self._cached(
                key,
                lambda: self._render(
                    "agencies.html",
                    request,
                    rows=rows,
                    sort=sort,
                    wanted=wanted,
                    plan=plan,
                    plans=index.plans,
                    **self._scope(request),
                ),
            )
        return self._layout(request, main, request.texts("agencies.title"), "agencies")

    async def agency(self, request: Request) -> web.Response:
        user = self._logged_in(request)
        index, statuses = await self._plans(request)
        agency_id = int(request.http.match_info["id"])
        if agency_id not in index.agency_names:
            raise Refused(404, request.texts("error.not_found"))
        if user.scope is not None and agency_id not in user.scope:
            raise Refused(403, request.texts("error.forbidden"), request.texts("error.forbidden_text"))
        page = _int(request.http.query.get("page"), 1)
        session = request.session
        view = pages.agency_page(
            index,
            statuses,
            request.texts.chat,
            request.today,
            agency_id,
            await web_db.agency_statuses(session, agency_id),
            await web_db.agency_history(session, agency_id),
            await web_db.followers(session, agency_id),
            page,
            _int(request.http.query.get("cpage"), 1),
        )
        main = self._render("agency.html", request, view=view, several_plans=pages.several_plans(index))
        return self._layout(request, main, view.name, "agencies")

    async def task(self, request: Request) -> web.Response:
        user = self._logged_in(request)
        index, statuses = await self._plans(request)
        task_id = int(request.http.match_info["id"])
        if task_id not in index.tasks:
            raise Refused(404, request.texts("error.not_found"))
        if not pages.may_see_task(index, user.scope, task_id):
            raise Refused(403, request.texts("error.forbidden"), request.texts("error.forbidden_text"))
        rows = await web_db.task_statuses(request.session, task_id)
        found = await history(request.session, task_id, limit=100)
        view = pages.task_page(index, statuses, request.texts.chat, request.today, task_id, rows, found)
        main = self._render("task.html", request, view=view)
        return self._layout(request, main, view.code, "overview")

    async def broadcasts(self, request: Request) -> web.Response:
        self._logged_in(request, staff=True)
        found = await broadcasts_db.recent(request.session, limit=30)
        main = self._render("broadcasts.html", request, found=found)
        return self._layout(request, main, request.texts("broadcasts.title"), "broadcasts")

    async def broadcast(self, request: Request) -> web.Response:
        self._logged_in(request, staff=True)
        broadcast_id = int(request.http.match_info["id"])
        found = await broadcasts_db.summary(request.session, broadcast_id, request.texts("audience.coordinators"))
        if found is None:
            raise Refused(404, request.texts("error.not_found"))
        rows = await broadcasts_db.receipts(request.session, broadcast_id)
        main = self._render("broadcast.html", request, found=found, rows=rows)
        return self._layout(request, main, request.texts("broadcasts.one", id=broadcast_id), "broadcasts")

    async def quality(self, request: Request, problem: str = "", typed: dict[str, str] | None = None) -> web.Response:
        self._logged_in(request, staff=True)
        index, _statuses = await self._plans(request)
        done = None
        if (fix_id := _int(request.http.query.get("done"), 0)) and (fix := await request.session.get(DataFix, fix_id)):
            done = _fix_text(request.texts, fix.kind, dict(fix.detail))
        main = self._render(
            "quality.html",
            request,
            view=pages.quality(index),
            fixes=await fixes.recent(request.session, limit=20),
            fix_text=lambda kind, detail: _fix_text(request.texts, kind, detail),
            problem=problem,
            typed=typed or {},
            done=done,
            code_of=lambda task: pages.code_of(index, task),
            describe=lambda tf: Markup(describe_timeframe(request.texts.chat, tf, request.today)),
            blank=Kind.BLANK,
        )
        return self._layout(request, main, request.texts("quality.title"), "quality", status=400 if problem else 200)

    async def fix_timeframe(self, request: Request) -> web.Response:
        """`/timeframe` from the data-quality page: recorded with who and when, the same way."""
        form = await self._form(request)
        user = request.user
        assert user is not None
        index, _ = await self._plans(request)
        task = index.tasks.get(_int(form.get("task"), 0))
        if task is None:
            raise Refused(409, request.texts("quality.stale"))
        text = " ".join(form.get("timeframe", "").split())[:200]
        timeframe = parse_timeframe(text)
        if timeframe.kind in (Kind.UNPARSED, Kind.BLANK):
            problem = request.texts("quality.unreadable", text=text)
            return await self.quality(request, problem, {str(task.id): text})
        async with unit_of_work(self.runtime.sessions) as session:
            await fixes.set_timeframe(
                session, task.id, f"{task.plan} {task.code}", timeframe, user.account_id, request.now
            )
            fix_id = await _last_fix(session, user.account_id)
        self.model.written()
        raise web.HTTPSeeOther(f"/quality?done={fix_id}")

    async def confirm_succession(self, request: Request) -> web.Response:
        """A partial succession confirmed: the old body merged into its successor, as
        `/merge old => new` does (recorded with who and when)."""
        form = await self._form(request)
        user = request.user
        assert user is not None
        index, _ = await self._plans(request)
        old_id, new_id = _int(form.get("old"), 0), _int(form.get("new"), 0)
        wanted = next((s for s in pages.quality(index).successions if s.old_id == old_id and s.new_id == new_id), None)
        if wanted is None:  # confirmed meanwhile, or not a succession to confirm at all
            raise Refused(409, request.texts("quality.stale"))
        async with unit_of_work(self.runtime.sessions) as session:
            source, target = await fixes.agency(session, old_id), await fixes.agency(session, new_id)
            if source is None or target is None or source.is_group or target.is_group:
                raise Refused(409, request.texts("quality.stale"))
            abbreviations = self.runtime.alias_table[1]
            await fixes.merge(session, source, target, abbreviations, user.account_id, request.now)
            fix_id = await _last_fix(session, user.account_id)
        self.model.written()
        raise web.HTTPSeeOther(f"/quality?done={fix_id}")

    # -- logging in and out -----------------------------------------------------------------

    async def login_page(self, request: Request) -> web.Response:
        """The link from the chat: a page asking to continue. Opening the link uses nothing,
        so a preview fetched by a messenger cannot spend it; the button does."""
        texts, token = request.texts, request.http.match_info["token"][:100]
        state, account_id = await web_db.login_state(request.session, token, request.now)
        if state is not web_db.LinkState.VALID or account_id is None:
            raise Refused(
                410 if state is not web_db.LinkState.UNKNOWN else 404,
                texts(f"login.{state.value}"),
                texts("login.again"),
            )
        owner = await web_db.web_user(request.session, account_id, self.admins)
        name = owner.name if owner else "?"
        main = self._render("login.html", request, token=token, name=name)
        response = self._layout(request, main, texts("login.title"))
        response.headers["Referrer-Policy"] = "no-referrer"  # the token is in this page's address
        return response

    async def login(self, request: Request) -> web.Response:
        texts = request.texts
        form = await request.http.post()
        token = str(form.get("token") or "")[:100]
        async with unit_of_work(self.runtime.sessions) as session:
            state, account_id = await web_db.use_login(session, token, request.now)
            if account_id is None:
                raise Refused(
                    410 if state is not web_db.LinkState.UNKNOWN else 404,
                    texts(f"login.{state.value}"),
                    texts("login.again"),
                )
            session_token = await web_db.create_session(
                session, account_id, request.now, timedelta(hours=self.runtime.settings.web_session_hours)
            )
        return self._logged_in_as(session_token)

    def _logged_in_as(self, session_token: str) -> web.Response:
        response = web.Response(status=303, headers={"Location": "/"})
        response.set_cookie(auth.SESSION_COOKIE, session_token, **self.flags.session())  # type: ignore[arg-type]
        return response

    async def telegram_page(self, request: Request) -> web.Response:
        main = self._render("telegram.html", request, static=self._static)
        return self._layout(request, main, request.texts("login.title"))

    async def telegram_login(self, request: Request) -> web.Response:
        """Telegram's Web App: its signed init data says who opened the page."""
        texts = request.texts
        form = await request.http.post()
        user = auth.check_init_data(
            str(form.get("init_data") or "")[:4096], self.telegram_token, request.now, TELEGRAM_DATA_AGE
        )
        refused = Refused(403, texts("login.telegram_refused"))
        if user is None:
            raise refused
        account_id = await web_db.account_by_channel(request.session, "telegram", str(user.id))
        owner = await web_db.web_user(request.session, account_id, self.admins) if account_id else None
        if owner is None or not (owner.is_staff or owner.agencies):
            raise refused
        async with unit_of_work(self.runtime.sessions) as session:
            session_token = await web_db.create_session(
                session, owner.account_id, request.now, timedelta(hours=self.runtime.settings.web_session_hours)
            )
        return self._logged_in_as(session_token)

    async def logout(self, request: Request) -> web.Response:
        await self._form(request, staff=False)
        async with unit_of_work(self.runtime.sessions) as session:
            await web_db.end_session(session, request.token or "")
        request.user, request.token = None, None
        main = self._render("message.html", request, title=request.texts("login.logged_out"), text="", back=False)
        response = self._layout(request, main, request.texts("login.logged_out"))
        response.del_cookie(auth.SESSION_COOKIE, path="/")
        return response

    async def language(self, request: Request) -> web.Response:
        code = request.http.match_info["code"]
        back = request.http.query.get("next", "/")
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = "/"
        response = web.Response(status=303, headers={"Location": back})
        if code in ("vi", "en"):
            response.set_cookie(
                auth.LANGUAGE_COOKIE, code, max_age=365 * 86400, path="/", samesite="Lax", secure=self.flags.secure
            )
        return response

    # -- exports ----------------------------------------------------------------------------

    async def export_sheet(self, request: Request) -> web.Response:
        """The plan's sheet, as `agencybot export` writes it: every agency's progress, so for
        coordinators only."""
        self._logged_in(request, staff=True)
        index, _ = await self._plans(request)
        data = self._plan_data(request, index)
        rows = await task_rows(request.session, data, request.today)
        kind = request.http.match_info["kind"]
        texts = request.texts.chat
        content = to_xlsx(texts, data.plan, rows) if kind == "xlsx" else to_csv(texts, rows)
        return _download(content, f"{fold(data.plan).replace(' ', '-')}.{kind}", _MEDIA[kind])

    async def export_calendar(self, request: Request) -> web.Response:
        user = self._logged_in(request)
        index, _ = await self._plans(request)
        data = self._plan_data(request, index)
        agency_id = int(request.http.match_info["agency"])
        if user.scope is not None and agency_id not in user.scope:
            raise Refused(403, request.texts("error.forbidden"), request.texts("error.forbidden_text"))
        if agency_id not in index.agency_names:
            raise Refused(404, request.texts("error.not_found"))
        settings = self.runtime.settings
        window = Window(date(request.today.year, 1, 1), request.today + timedelta(days=settings.reminder_horizon_days))
        events = await calendar_events(request.session, data, settings.policy, window)
        name = index.agency_names[agency_id]
        content = to_ics(
            request.texts.chat, f"{data.plan} · {name}", events.get(agency_id, []), settings.timezone, request.now
        )
        return _download(content, f"{fold(data.plan)}-{agency_id}.ics", "text/calendar")

    def _plan_data(self, request: Request, index: PlanIndex) -> PlanData:
        plan = request.http.match_info["plan"]
        if plan not in index.plans:
            raise Refused(404, request.texts("error.not_found"))
        ids = [i for i in index.order if i in index.in_plan(plan)]
        return PlanData(plan, index.plan_titles.get(plan, plan), index, ids)


_MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


def _download(content: bytes, name: str, media: str) -> web.Response:
    response = web.Response(body=content, content_type=media)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _int(value: object, default: int) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= 10 else default


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _fix_text(texts: WebTexts, kind: str, detail: dict[str, Any]) -> str:
    try:
        return texts(f"quality.fix.{kind}", **detail)
    except (KeyError, IndexError):
        return kind


async def _last_fix(session: AsyncSession, account_id: int) -> int:
    return await session.scalar(select(func.max(DataFix.id)).where(DataFix.account_id == account_id)) or 0


# -- serving ----------------------------------------------------------------------------------


class WebServer:
    """The dashboard on WEB_LISTEN:WEB_PORT, started and stopped with the service."""

    def __init__(self, runtime: Runtime, model: ReadModel, admins: frozenset[tuple[str, str]]):
        self.runtime, self.model, self.admins = runtime, model, admins
        self.runner: web.AppRunner | None = None
        self.url = ""
        self.port = 0

    async def start(self) -> str:
        """Listen, and return the address people open."""
        settings = self.runtime.settings
        placeholder = Dashboard(self.runtime, self.model, settings.web_url(), self.admins)
        self.runner = web.AppRunner(placeholder.app, access_log=None, handle_signals=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, settings.web_listen, settings.web_port)
        try:
            await site.start()
        except OSError as error:
            await self.runner.cleanup()
            self.runner = None
            where = f"{settings.web_listen}:{settings.web_port}"
            raise DashboardUnavailable(
                f"the dashboard could not listen on {where}: {error.strerror or error}"
            ) from None
        self.port = self.runner.addresses[0][1]
        self.url = settings.web_url(self.port)
        if self.url != placeholder.base_url:  # WEB_PORT=0: the port is known only now
            placeholder.base_url = self.url
            placeholder.flags = auth.cookie_flags(self.url, timedelta(hours=settings.web_session_hours))
        return self.url

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None


async def serve_alone(runtime: Runtime, admins: frozenset[tuple[str, str]], announce: Callable[[str], None]) -> None:
    """`agencybot web`: the dashboard without the bot, on the same database. Login links come
    from a bot process (/web); this one reads what it wrote within a second."""
    model = ReadModel(runtime.alias_table[1], report_due=runtime.settings.policy.report_due)
    async with runtime.sessions() as session:
        await model.refresh(session)
    server = WebServer(runtime, model, admins)
    announce(await server.start())
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()
