"""A FastAPI app for the trace tests: a page reading a header and a WebSocket echo."""
from fastapi import FastAPI, Request, WebSocket

app = FastAPI()


@app.get("/")
async def index(request: Request):
    return {"agent": request.headers.get("user-agent")}


@app.websocket("/ws")
async def echo(websocket: WebSocket):
    await websocket.accept()
    text = await websocket.receive_text()
    await websocket.send_text(text)
    await websocket.close()
