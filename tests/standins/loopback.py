"""What the stand-ins share: an aiohttp server on 127.0.0.1, a client for their webhook
POSTs, a background task delivering updates, and a signal that tests wait on."""

from __future__ import annotations

import asyncio
import bisect
import contextlib
from collections.abc import Callable, Iterable
from typing import Any, Self

from aiohttp import ClientSession, ClientTimeout, web


class Signal:
    """Wakes every waiter on each change. Unlike asyncio.Condition it can be fired from synchronous code."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], object], timeout: float | None) -> None:
        """Return once predicate() is true; TimeoutError after `timeout` seconds."""
        if predicate():  # checked first: wait_for(..., 0) on Python 3.11 times out without running the coroutine
            return

        async def watch() -> None:
            while not predicate():
                await self._event.wait()

        await asyncio.wait_for(watch(), timeout)


class LoopbackServer:
    """A stand-in's lifecycle: ``start`` builds its app and calls ``_listen``; ``stop`` ends
    waiting long polls (``_closing``), the delivery task and the server."""

    def __init__(self) -> None:
        self._signal = Signal()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self._delivery: asyncio.Task[None] | None = None

    errors: list

    async def start(self, port: int = 0) -> None:
        raise NotImplementedError

    def _recent(self) -> list[tuple[object, object]]:
        """The last messages the bot sent: (chat, text), for a failing test to show."""
        raise NotImplementedError

    async def wait_until(
        self, predicate: Callable[[], object], timeout: float = 5.0, what: str = "a condition"
    ) -> None:
        """Wait for anything the stand-in records; fails the test with what the bot did instead."""
        try:
            await self._signal.wait_until(predicate, timeout)
        except TimeoutError:
            raise AssertionError(
                f"waited {timeout}s for {what}; last messages sent: {self._recent()}; errors: {self.errors[-5:]}"
            ) from None

    async def _deliver_webhook_updates(self) -> None:
        raise NotImplementedError

    async def _listen(self, app: web.Application, port: int) -> int:
        """Serve ``app`` on 127.0.0.1:port (0: a free port); returns the port."""
        # handler_cancellation: a long poll whose client went away must end, not linger and steal updates.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self._session = ClientSession(timeout=ClientTimeout(total=10))
        self._delivery = asyncio.create_task(self._deliver_webhook_updates())
        return self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True  # waiting long polls answer at once
        self._signal.fire()
        if self._delivery:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


async def request_params(request: web.Request, not_json: Exception) -> dict[str, Any]:
    """The query's parameters, then the body's: a JSON object, or form fields (files stay
    aiohttp FileFields). ``not_json`` is raised for a JSON body that is not an object."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise not_json from None
        if not isinstance(body, dict):
            raise not_json
        return params | body
    return params | dict(await request.post())


def reply_latencies(updates: Iterable[Any], times_in: Callable[[Any], list[float]]) -> list[float]:
    """Per update the bot saw (``update_at`` set): seconds to the bot's next message in its chat,
    from that chat's sorted times (``times_in(chat_id)``). Updates never answered are left out."""
    latencies = []
    for pushed in updates:
        times = times_in(pushed.chat_id)
        if pushed.update_at is not None and (i := bisect.bisect_left(times, pushed.update_at)) < len(times):
            latencies.append(times[i] - pushed.update_at)
    return latencies
