"""The baseline of bench/zalo.py: a bare Zalo echo bot on httpx (and aiohttp for the
webhook), nothing else. Long polling, or a webhook when ZALO_WEBHOOK_URL is set."""

import asyncio
import hmac
import os

import httpx
from aiohttp import web


async def main() -> None:
    base = os.environ["ZALO_API_BASE_URL"] + os.environ["ZALO_BOT_TOKEN"] + "/"
    running: set[asyncio.Task] = set()  # answers being sent, kept from the garbage collector
    async with httpx.AsyncClient(timeout=40) as http:

        def answer(update: dict) -> None:
            task = asyncio.create_task(echo(update))
            running.add(task)
            task.add_done_callback(running.discard)

        async def echo(update: dict) -> None:
            message = update["message"]
            await http.post(base + "sendMessage", json={"chat_id": message["chat"]["id"], "text": message["text"]})

        hook = os.environ.get("ZALO_WEBHOOK_URL")
        if hook:
            secret = os.environ["ZALO_WEBHOOK_SECRET"]

            async def on_post(request: web.Request) -> web.Response:
                if not hmac.compare_digest(request.headers.get("X-Bot-Api-Secret-Token", ""), secret):
                    return web.Response(status=403)
                body = await request.json()
                answer(body.get("result", body))
                return web.json_response({"ok": True})

            app = web.Application()
            app.router.add_post("/" + hook.split("://", 1)[1].partition("/")[2], on_post)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, os.environ["ZALO_WEBHOOK_LISTEN"], int(os.environ["ZALO_WEBHOOK_PORT"])).start()
            await http.post(base + "setWebhook", json={"url": hook, "secret_token": secret})
            await asyncio.Event().wait()
        await http.post(base + "deleteWebhook", json={})
        while True:
            body = (await http.post(base + "getUpdates", json={"timeout": "30"})).json()
            if body.get("ok"):
                answer(body["result"])


if __name__ == "__main__":
    asyncio.run(main())
