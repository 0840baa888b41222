"""python-telegram-bot's HTTP layer, sending JSON bodies instead of HTML forms.

PTB form-encodes every call, and httpx percent-encodes form values byte by byte in
Python: for a page of Vietnamese text (2-3 kB of UTF-8) that is the largest cost of a
reply. The Bot API accepts JSON bodies as well, so calls without files go as one JSON
document (nested objects as objects, Vietnamese as UTF-8 rather than \\u escapes, which
triple its size); uploads keep PTB's way.
"""

from __future__ import annotations

import json

import httpx
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

_JSON = {"Content-Type": "application/json", "User-Agent": HTTPXRequest.USER_AGENT}


def _body(request_data: RequestData) -> bytes:
    return json.dumps(request_data.parameters, ensure_ascii=False, separators=(",", ":")).encode()


class JsonHTTPXRequest(HTTPXRequest):
    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if request_data is None or request_data.contains_files:
            return await super().do_request(
                url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
            )
        defaults = self._client.timeout
        timeout = httpx.Timeout(
            connect=defaults.connect if isinstance(connect_timeout, DefaultValue) else connect_timeout,
            read=defaults.read if isinstance(read_timeout, DefaultValue) else read_timeout,
            write=defaults.write if isinstance(write_timeout, DefaultValue) else write_timeout,
            pool=defaults.pool if isinstance(pool_timeout, DefaultValue) else pool_timeout,
        )
        try:
            response = await self._client.request(
                method=method, url=url, headers=_JSON, timeout=timeout, content=_body(request_data)
            )
        except httpx.TimeoutException as error:  # the same errors as PTB's own request class
            raise TimedOut from error
        except httpx.HTTPError as error:
            raise NetworkError(f"httpx.{error.__class__.__name__}: {error}") from error
        return response.status_code, response.content
