"""python-telegram-bot's HTTP layer: JSON bodies over aiohttp, uploads over PTB's own httpx.

PTB form-encodes every call, and httpx percent-encodes form values byte by byte in
Python: for a page of Vietnamese text (2-3 kB of UTF-8) that is the largest cost of a
reply. The Bot API accepts JSON bodies as well, so calls without files go as one JSON
document (nested objects as objects, Vietnamese as UTF-8 rather than \\u escapes, which
triple its size). They go over aiohttp because httpcore's connection pool checks every
pooled socket on every request: at a thousand messages a second that was half the
sender's time. Uploads (multipart) keep PTB's own request class.

Only PTB's public API: `BaseRequest` subclassed as its documentation describes, its
`DEFAULT_NONE` checked with `is` as the documentation says (tests/test_telegram_request.py
fails loudly if the signature of `do_request` or these names change in an upgrade).
"""

from __future__ import annotations

import json

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

# A timeout as PTB passes it: seconds, None (no limit) or BaseRequest.DEFAULT_NONE (not set).
Timeout = float | None | object

_HEADERS = {"Content-Type": "application/json", "User-Agent": HTTPXRequest.USER_AGENT}


def _body(request_data: RequestData) -> bytes:
    return json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":")).encode()


def _seconds(value: Timeout, default: float | None) -> float | None:
    if value is BaseRequest.DEFAULT_NONE or not (value is None or isinstance(value, int | float)):
        return default  # not set (another default PTB might pass reads as not set too)
    return value


class JsonRequest(BaseRequest):
    """PTB's timeouts and errors, with JSON bodies; ``connection_pool_size`` as in PTB."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ):
        self._pool_size = connection_pool_size
        self._read, self._write, self._connect, self._pool = read_timeout, write_timeout, connect_timeout, pool_timeout
        self._uploads = HTTPXRequest(
            connection_pool_size=connection_pool_size,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        await self._uploads.initialize()
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, headers=_HEADERS)

    async def shutdown(self) -> None:
        await self._uploads.shutdown()
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        write_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        connect_timeout: Timeout = BaseRequest.DEFAULT_NONE,
        pool_timeout: Timeout = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is not None and request_data.contains_files:
            return await self._uploads.do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
            )
        if self._session is None:
            await self.initialize()
        assert self._session is not None
        read, write = _seconds(read_timeout, self._read), _seconds(write_timeout, self._write)
        connect, pool = _seconds(connect_timeout, self._connect), _seconds(pool_timeout, self._pool)
        # aiohttp has no write timeout of its own, and its "connect" includes waiting for
        # the pool: each counts in the larger limit.
        timeout = aiohttp.ClientTimeout(
            total=None if read is None or write is None else read + write,
            sock_connect=connect,
            sock_read=read,
            connect=None if connect is None or pool is None else connect + pool,
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data) if request_data else None, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # the same errors as PTB's own request class
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error
