"""/report [year] (coordinators): the year's Word report; /result: a lead agency's result of the year."""

from __future__ import annotations

from base.events import Reply
from bot.core.context import Context


async def report(ctx: Context, argument: str) -> Reply:
    return Reply(ctx.texts("report.usage"))


async def result(ctx: Context, argument: str) -> Reply:
    return Reply(ctx.texts("result.usage"))
