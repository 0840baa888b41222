"""The dashboard's doors, over plain HTTP (the browser tests open the same ones in Chromium):
the one-time link, the session cookie, roles, CSRF, escaping, Telegram's signed Web App data.
On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import re
import time
from datetime import timedelta

import pytest
from chatbot import ADMIN
from sqlalchemy import select, update
from web_support import browser_session, counts_on, csrf_of, dashboard_bot, log_in

from bot.web.auth import SESSION_COOKIE, check_init_data, csrf_ok, csrf_token, sign_init_data
from db.models import DataFix, Task, WebLogin, WebSession
from db.versions import Data, bump
from domain.timeframes import Kind

FOCAL = 2001  # will be Sở Y tế's focal point
OTHER = 2002  # Sở Giáo dục và Đào tạo's


async def _get(http, url: str) -> tuple[int, str]:
    async with http.get(url, allow_redirects=False) as response:
        return response.status, await response.text()


async def test_a_link_opens_one_session_once_within_its_minutes(database_url: str):
    async with dashboard_bot(database_url) as dash, browser_session() as http:
        link = await dash.link(ADMIN)
        token = link.rsplit("/", 1)[1]
        assert link.startswith(f"{dash.url}/login/") and len(token) >= 43
        async with dash.bot.runtime.sessions() as session:
            stored = (await session.scalars(select(WebLogin.token_hash))).all()
        assert stored == [hashlib.sha256(token.encode()).hexdigest()]  # only the hash is kept

        # Opening the link (or a messenger's preview fetching it) spends nothing.
        for _ in range(2):
            status, page = await _get(http, link)
            assert status == 200 and "Tiếp tục" in page
            assert 'name="token"' in page
        async with http.post(f"{dash.url}/login", data={"token": token}, allow_redirects=False) as response:
            assert response.status == 303 and response.headers["Location"] == "/"
            cookie = response.headers["Set-Cookie"]
        assert cookie.startswith(f"{SESSION_COOKIE}=")
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"httponly", "samesite=lax", "path=/", "max-age=43200"} <= flags
        assert "secure" not in flags  # served over plain http on this machine
        async with dash.bot.runtime.sessions() as session:
            kept = (await session.scalars(select(WebSession.token_hash))).all()
        sent = cookie.split(";")[0].split("=", 1)[1]
        assert kept == [hashlib.sha256(sent.encode()).hexdigest()]
        status, page = await _get(http, f"{dash.url}/")
        assert status == 200 and "Tổng quan" in page

        async with browser_session() as second:  # the same link again, from anywhere
            status, page = await _get(second, link)
            assert status == 410 and "đã được dùng" in page
            async with second.post(f"{dash.url}/login", data={"token": token}, allow_redirects=False) as response:
                assert response.status == 410
            status, page = await _get(second, f"{dash.url}/")
            assert status == 401 and "/web" in page

        late = await dash.link(ADMIN)
        dash.bot.clock.advance(timedelta(minutes=10, seconds=1))
        async with browser_session() as third:
            status, page = await _get(third, late)
            assert status == 410 and "hết hạn" in page
            async with third.post(f"{dash.url}/login", data={"token": late.rsplit("/", 1)[1]}) as response:
                assert response.status == 410
            status, _ = await _get(third, f"{dash.url}/login/not-a-token")
            assert status == 404

        # The session ends with its hours.
        dash.bot.clock.advance(timedelta(hours=12))
        status, _ = await _get(http, f"{dash.url}/")
        assert status == 401


async def test_web_is_refused_in_groups_and_to_people_without_an_agency(database_url: str):
    async with dashboard_bot(database_url) as dash:
        bot = dash.bot
        bot.tg.push_text(-100500, "/web", user_id=ADMIN, chat_type="group", chat_title="Tổ điều phối")
        answer = await bot.tg.next_message(-100500)
        assert "cuộc trò chuyện riêng" in answer.plain_text and "/login/" not in answer.plain_text
        answer = await bot.ask(OTHER, "/web")
        assert "chưa liên kết" in answer.plain_text and "/login/" not in answer.plain_text
        async with bot.runtime.sessions() as session:
            assert (await session.scalars(select(WebLogin))).all() == []


async def test_a_focal_point_sees_its_own_agency_and_nothing_else(database_url: str):
    async with dashboard_bot(database_url) as dash, browser_session() as http:
        bot = dash.bot
        await bot.link(FOCAL, "Sở Y tế")
        await log_in(http, dash, FOCAL)
        index, statuses = await dash.fresh_plans()
        health = index.agency_ids["Sở Y tế"]
        education = index.agency_ids["Sở Giáo dục và Đào tạo"]
        status, page = await _get(http, f"{dash.url}/agencies")
        assert status == 200
        assert set(re.findall(r'href="/agencies/(\d+)"', page)) == {str(health)}
        status, page = await _get(http, f"{dash.url}/agencies/{health}")
        assert status == 200 and "Sở Y tế" in page
        refused = [
            f"/agencies/{education}",
            "/quality",
            "/broadcasts",
            "/export/NQ20.xlsx",
            "/export/NQ20.csv",
            f"/export/NQ20/{education}.ics",
        ]
        for path in refused:
            status, page = await _get(http, dash.url + path)
            assert status == 403, path
            assert "Không có quyền" in page, path
        own = index.scope_tasks((health,))[0]
        assert (await _get(http, f"{dash.url}/tasks/{own}"))[0] == 200
        async with http.get(f"{dash.url}/export/NQ20/{health}.ics") as response:
            assert response.status == 200 and (await response.read()).startswith(b"BEGIN:VCALENDAR")
        # Its overview is its own /summary.
        status, page = await _get(http, f"{dash.url}/")
        counts = index.counts((health,), bot.clock().date(), statuses)
        assert counts_on(page) == {name: getattr(counts, name) for name in counts_on(page)}
        assert counts_on(page)["leads"] == counts.leads and counts.leads > 0


async def test_writes_need_a_coordinator_and_a_csrf_token(database_url: str):
    async with dashboard_bot(database_url) as dash, browser_session() as http, browser_session() as focal:
        bot = dash.bot
        await log_in(http, dash, ADMIN)
        index, _ = await dash.fresh_plans()
        task = next(index.tasks[i] for i in index.order if index.tasks[i].timeframe.kind is Kind.BLANK)
        status, page = await _get(http, f"{dash.url}/quality")
        assert status == 200 and f'name="task" value="{task.id}"' in page
        token = csrf_of(page)
        form = {"task": str(task.id), "timeframe": "Năm 2027"}
        for sent in ({}, {"csrf": "0" * 64}, {"csrf": ""}):
            async with http.post(f"{dash.url}/quality/timeframe", data=form | sent, allow_redirects=False) as r:
                assert r.status == 403 and "Biểu mẫu đã cũ" in await r.text()
        async with bot.runtime.sessions() as session:
            assert (await session.scalars(select(DataFix))).all() == []
        await bot.link(FOCAL, "Sở Y tế")
        await log_in(focal, dash, FOCAL)
        _, own = await _get(focal, f"{dash.url}/")
        async with focal.post(
            f"{dash.url}/quality/timeframe", data=form | {"csrf": csrf_of(own)}, allow_redirects=False
        ) as r:
            assert r.status == 403  # a focal point's own valid token: still not a coordinator
        async with http.post(
            f"{dash.url}/quality/timeframe", data=form | {"timeframe": "Quý II"}, allow_redirects=False
        ) as r:
            assert r.status == 403  # no token at all, whatever the text
        async with http.post(
            f"{dash.url}/quality/timeframe", data=form | {"csrf": token, "timeframe": "lúc nào <b>?"}
        ) as r:
            text = await r.text()
            assert r.status == 400 and "Chưa đọc được “lúc nào &lt;b&gt;?”" in text
        async with http.post(f"{dash.url}/quality/timeframe", data=form | {"csrf": token}) as r:
            assert r.status == 200 and str(r.url).startswith(f"{dash.url}/quality?done=")
            assert f"thời gian NQ20 {task.code}: “” → “Năm 2027”" in await r.text()
        async with bot.runtime.sessions() as session:
            fix = (await session.scalars(select(DataFix))).one()
        assert fix.kind == "timeframe" and fix.account_id is not None and fix.created_at == bot.clock()
        answer = await bot.ask(ADMIN, "/fixes")  # recorded like /timeframe: the chat lists it
        assert f"thời gian NQ20 {task.code}" in answer.plain_text
        answer = await bot.ask(ADMIN, f"/task {task.code}")
        assert "31/12/2027" in answer.plain_text
        # Logging out needs the token too, and ends the session for good.
        async with http.post(f"{dash.url}/logout", allow_redirects=False) as r:
            assert r.status == 403
        async with http.post(f"{dash.url}/logout", data={"csrf": token}) as r:
            assert r.status == 200 and "Đã đăng xuất" in await r.text()
        assert (await _get(http, f"{dash.url}/"))[0] == 401


async def test_a_succession_to_confirm_is_a_merge_recorded_with_who_and_when(database_url: str):
    async with dashboard_bot(database_url) as dash, browser_session() as http:
        bot = dash.bot
        await log_in(http, dash, ADMIN)
        _status, page = await _get(http, f"{dash.url}/quality")
        found = re.search(r'name="old" value="(\d+)"><input type="hidden" name="new" value="(\d+)"', page)
        assert found, "the bundled plan names a body whose duties were split"
        old, new = found.groups()
        index, _ = await dash.fresh_plans()
        old_name, new_name = index.agency_names[int(old)], index.agency_names[int(new)]
        tasks = len(index.named_tasks(int(old)))
        async with http.post(f"{dash.url}/quality/succession", data={"old": old, "new": new}) as r:
            assert r.status == 403
        async with http.post(
            f"{dash.url}/quality/succession", data={"old": old, "new": new, "csrf": csrf_of(page)}
        ) as r:
            assert r.status == 200 and f"gộp “{old_name}” vào “{new_name}”" in await r.text()
        index, _ = await dash.fresh_plans()
        assert len(index.named_tasks(int(new))) >= tasks and int(old) not in index.agency_names
        answer = await bot.ask(ADMIN, "/fixes")
        assert f"gộp “{old_name}” vào “{new_name}”" in answer.plain_text
        async with http.post(  # the same form again: nothing left to confirm
            f"{dash.url}/quality/succession", data={"old": old, "new": new, "csrf": csrf_of(page)}
        ) as r:
            assert r.status == 409


async def test_plan_text_is_escaped_and_pages_carry_security_headers(database_url: str):
    async with dashboard_bot(database_url) as dash, browser_session() as http:
        index, _ = await dash.fresh_plans()
        task_id = index.order[0]
        async with dash.bot.runtime.sessions() as session, session.begin():
            await session.execute(
                update(Task).where(Task.id == task_id).values(content='<script>alert("x")</script> & <b>')
            )
            await bump(session, Data.PLANS)
        dash.bot.service.conversation.model.written()
        await log_in(http, dash, ADMIN)
        async with http.get(f"{dash.url}/tasks/{task_id}") as response:
            page = await response.text()
            headers = response.headers
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;" in page
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-store"


async def test_telegram_web_app_data_opens_a_session_only_when_signed(database_url: str):
    async with dashboard_bot(database_url, web_public_url="https://dash.example.vn") as dash, browser_session() as http:
        bot = dash.bot
        answer = await bot.ask(ADMIN, "/web")  # behind https: a Web App button beside the link
        assert "https://dash.example.vn/login/" in answer.plain_text
        button = answer.reply_markup["inline_keyboard"][0][0]
        assert button["web_app"] == {"url": "https://dash.example.vn/telegram"}
        user = json.dumps({"id": ADMIN, "first_name": "Quản trị"})
        fields = {"auth_date": str(int(bot.clock().timestamp())), "query_id": "AAE", "user": user}
        signed = sign_init_data(fields, bot.tg.token)
        forged = sign_init_data(fields | {"user": json.dumps({"id": 2001})}, "123:not-the-bot-token")
        async with http.post(f"{dash.url}/telegram", data={"init_data": forged}, allow_redirects=False) as r:
            assert r.status == 403
        async with http.post(f"{dash.url}/telegram", data={"init_data": signed}, allow_redirects=False) as r:
            assert r.status == 303
            cookie = r.headers["Set-Cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie  # served over https: the cookie says so
        status, page = await _get(http, f"{dash.url}/telegram")
        assert status == 200 and "telegram.js" in page


def test_init_data_is_checked_with_the_bot_token_and_its_age():
    from datetime import UTC, datetime

    now = datetime(2026, 11, 24, 2, tzinfo=UTC)
    fields = {"auth_date": str(int(now.timestamp())), "user": json.dumps({"id": 42, "first_name": "Lan"})}
    signed = sign_init_data(fields, "1:token")
    hour = timedelta(hours=1)
    assert check_init_data(signed, "1:token", now, hour).id == 42
    assert check_init_data(signed, "2:token", now, hour) is None
    assert check_init_data(signed.replace("Lan", "Lam"), "1:token", now, hour) is None
    assert check_init_data(signed, "1:token", now + timedelta(hours=2), hour) is None
    assert check_init_data("hash=abc", "1:token", now, hour) is None
    assert check_init_data("%%%", "1:token", now, hour) is None
    assert check_init_data(signed, "", now, hour) is None


def test_csrf_tokens_belong_to_their_session():
    assert csrf_ok("session-a", csrf_token("session-a"))
    assert not csrf_ok("session-b", csrf_token("session-a"))
    assert not csrf_ok("session-a", "")
    assert not csrf_ok(None, csrf_token("session-a"))
    started = time.perf_counter()
    for _ in range(1000):
        csrf_ok("session-a", "x" * 64)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("base", ["http://127.0.0.1:8080", "https://dash.example.vn/bot"])
def test_cookie_flags_follow_the_public_address(base: str):
    from bot.web.auth import cookie_flags

    flags = cookie_flags(base, timedelta(hours=12)).session()
    assert flags["httponly"] is True and flags["samesite"] == "Lax" and flags["max_age"] == 43200
    assert flags["secure"] is base.startswith("https://")


async def test_the_language_link_goes_back_only_within_the_dashboard(database_url: str):
    async with dashboard_bot(database_url) as dash, browser_session() as http:
        for sent, expected in (
            ("/agencies%3Fsort%3Dblocked%26q%3Dy%2520te", "/agencies?sort=blocked&q=y%20te"),
            ("//elsewhere.example/", "/"),
            ("https://elsewhere.example/", "/"),
            ("/%5Celsewhere.example", "/"),
        ):
            async with http.get(f"{dash.url}/lang/en?next={sent}", allow_redirects=False) as response:
                assert response.status == 303 and response.headers["Location"] == expected, sent
        await log_in(http, dash, ADMIN)
        _status, page = await _get(http, f"{dash.url}/agencies")
        assert "Agencies" in page and 'lang="en"' in page
        assert 'href="/lang/vi?next=/agencies"' in page
