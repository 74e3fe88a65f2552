"""An aiohttp app for the trace tests: a page reading a header and a WebSocket echo."""
from aiohttp import WSMsgType, web


async def index(request):
    return web.Response(text=request.headers.get("User-Agent", ""))


async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == WSMsgType.TEXT:
            await ws.send_str(msg.data)
    return ws


app = web.Application()
app.add_routes([web.get("/", index), web.get("/ws", echo)])
