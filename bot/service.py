"""`agencybot run`: the long-running service."""

from __future__ import annotations

import logging

from bot.runtime import Runtime
from db.plans import count_plans

log = logging.getLogger(__name__)


async def serve(runtime: Runtime) -> None:
    async with runtime.sessions() as session:
        plans = await count_plans(session)
    log.info("database ready with %d plan(s)", plans)
