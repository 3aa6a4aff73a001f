"""The API's request class and ASGI middleware: strict bodies, OPTIONS, deadline, disconnects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import msgspec
from litestar import Request
from litestar.routes import HTTPRoute

from reliability.api.problems import ApiProblem
from reliability.api.schemas import decode_body
from reliability.errors import InputError

_encoder = msgspec.json.Encoder()


class StrictRequest(Request[Any, Any, Any]):
    """A request whose JSON body is decoded strictly into the handler's `data` type.

    Litestar's own decoding coerces (`"1"` becomes `true`) and first builds the
    whole JSON tree, which a deeply nested body turns into a `RecursionError`.
    `decode_body` does neither.
    """

    async def json(self) -> Any:
        data_field = self.route_handler.parsed_data_field
        if data_field is None:
            return await super().json()
        return decode_body(await self.body(), data_field.annotation)


async def check_body(request: Request[Any, Any, Any]) -> None:
    """Refuse a body that is not JSON (415) or is missing (400), before it is parsed."""
    if request.method in ("POST", "PUT", "PATCH"):
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json" and not media_type.endswith("+json"):
            raise ApiProblem(
                415,
                f"send the body as application/json, not {media_type or 'no content type'}",
            )
        if (
            request.route_handler.parsed_data_field is not None
            and not (await request.body()).strip()
        ):
            raise InputError("the request has no body: send a JSON object", path="$")


def allow_header_middleware(app: Any) -> Any:
    """Answer OPTIONS with every method of the path in `Allow`.

    Litestar 2's generated OPTIONS handler lists only the methods of the first
    handler registered on a path (litestar-org/litestar#4169, fixed in 3.0), so
    `OPTIONS /v1/documents` would leave out GET.
    """

    async def middleware(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await app(scope, receive, send)
            return
        methods = next(
            (
                sorted(route.methods)
                for route in scope["app"].routes
                if isinstance(route, HTTPRoute) and route.path_format == scope.get("path_template")
            ),
            None,
        )

        async def send_wrapper(message: Any) -> None:
            if message["type"] == "http.response.start" and methods:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                headers.append((b"allow", ", ".join(methods).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_wrapper)

    return middleware


def deadline_middleware(seconds: float) -> Callable[[Any], Any]:
    """End a request that runs past `seconds` with a 504 problem; its scoring is cancelled."""

    def factory(app: Any) -> Any:
        async def middleware(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            started = False

            async def send_wrapper(message: Any) -> None:
                nonlocal started
                started = True
                await send(message)

            with anyio.move_on_after(seconds) as scope_cancel:
                await app(scope, receive, send_wrapper)
            if scope_cancel.cancelled_caught and not started:
                body = _encoder.encode(
                    {
                        "type": "https://reliability.invalid/problems/deadline-exceeded",
                        "title": "Deadline exceeded",
                        "status": 504,
                        "detail": f"the request took longer than {seconds:g} s",
                        "instance": scope.get("path", ""),
                    }
                )
                await send(
                    {
                        "type": "http.response.start",
                        "status": 504,
                        "headers": [(b"content-type", b"application/problem+json")],
                    }
                )
                await send({"type": "http.response.body", "body": body})

        return middleware

    return factory


def disconnect_middleware(app: Any) -> Any:
    """Cancel a request whose client disconnects before its answer (its scoring stops)."""

    async def middleware(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        body_read = anyio.Event()

        async def receive_wrapper() -> Any:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read.set()
            return message

        async with anyio.create_task_group() as group:

            async def watch() -> None:
                await body_read.wait()
                # After the whole body, the next message can only say the client has gone.
                if (await receive())["type"] == "http.disconnect":
                    group.cancel_scope.cancel()

            group.start_soon(watch)
            await app(scope, receive_wrapper, send)
            group.cancel_scope.cancel()

    return middleware
