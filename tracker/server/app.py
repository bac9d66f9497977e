"""The clerk's page and the HTTP API, as one FastAPI app.

`create_app()` builds the app; `python cli.py serve` runs it under uvicorn.
The pipeline loads once, at start-up (or is handed in, as the tests do), and
every extraction runs on one dedicated worker thread: a spaCy `Language` is
not safe to call from several threads at once, and one thread keeps the event
loop free to answer `/healthz`, the page and the docs while a long statement
is being read.

Bad input is always the client's problem in words, never a 500: a body over
the byte limit is a 413 before it is parsed, anything that does not fit the
request models is a 422 whose `detail` is one readable sentence.
"""
import asyncio
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from models import Record, messages
from models.statement import DEFAULT_MAX_CHARS, Refused, Statement, statement_from_text
from models.record import SCHEMA_VERSION

STATIC_DIR = Path(__file__).parent / "static"
DEFAULT_MAX_BODY_BYTES = 1_000_000
DEFAULT_MAX_BATCH = 100
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class Limits:
    """What one request may carry; the page reads these from /healthz to warn before sending."""

    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_chars: int = DEFAULT_MAX_CHARS
    max_batch: int = DEFAULT_MAX_BATCH


# ---------------------------------------------------------------- request models

class ExtractRequest(BaseModel):
    """One statement to extract from."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "text": "ISLAMABAD: The federal cabinet on Tuesday directed the Ministry of Finance "
                    "to submit a plan within 15 days.",
            "published": "2024-11-26",
            "id": "cabinet-2024-11-26",
        }]},
    )

    text: str = Field(description="The statement, exactly as published; offsets in the record index this text.")
    published: Optional[date] = Field(
        None, description="Reference date (YYYY-MM-DD) for relative dates such as 'on Tuesday' or 'within seven days'."
    )
    id: Optional[str] = Field(None, max_length=500, description="Your identifier, copied into the record's `id`.")

    @field_validator("text")
    @classmethod
    def text_has_words(cls, text: str) -> str:
        if not text.strip():
            raise ValueError(messages.EMPTY_PASTE)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(messages.PASTE_INVALID_UNICODE) from None
        return text


def text_length_problem(text: str, max_chars: int) -> str | None:
    if len(text) > max_chars:
        return f"the text is {len(text):,} characters long; the limit is {max_chars:,}"
    return None


# ---------------------------------------------------------------- readable errors

def error_location(loc: tuple) -> str:
    """`('body', 2, 'text')` -> `item 3, text`: where the problem is, as a person counts."""
    parts = []
    for part in loc:
        if part in ("body", "query"):
            continue
        parts.append(f"item {part + 1}" if isinstance(part, int) else str(part))
    return ", ".join(parts) or ("query" if "query" in loc else "request body")


def error_message(error: dict) -> str:
    message = str(error.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    return message


def error_sentence(error: dict) -> str:
    if error.get("type") == "json_invalid":
        # Here loc holds a character position in the body, not an item number.
        reason = str((error.get("ctx") or {}).get("error", "")).strip()
        return "the body is not valid JSON" + (f" ({reason})" if reason else "")
    return f"{error_location(tuple(error.get('loc', ())))}: {error_message(error)}"


def readable_errors(errors: list[dict]) -> tuple[str, list[dict]]:
    """One sentence for people, and a JSON-safe list (no input echo, no exception objects) for programs."""
    plain = [{"loc": [str(p) for p in e.get("loc", ())], "msg": error_message(e), "type": str(e.get("type", ""))}
             for e in errors]
    sentences = [error_sentence(e) for e in errors[:5]]
    if len(errors) > 5:
        sentences.append(f"and {len(errors) - 5} more problems")
    return "Invalid request: " + "; ".join(sentences) + ".", plain


def problem(status: int, detail: str, errors: list[dict] | None = None) -> JSONResponse:
    content: dict[str, Any] = {"detail": detail}
    if errors is not None:
        content["errors"] = errors
    return JSONResponse(status_code=status, content=content)


async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    detail, errors = readable_errors(list(exc.errors()))
    content_type = request.headers.get("content-type", "")
    if request.method != "GET" and "json" not in content_type:
        detail += messages.SEND_JSON.format(content_type=content_type or "none")
    return problem(422, detail, errors)


async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400:
        # FastAPI's answer to a body that is not even text (bad UTF-8/UTF-16): a bad body like any other.
        return problem(422, "Invalid request: the body is not valid JSON (its bytes are not UTF-8 text).")
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))


# ---------------------------------------------------------------- body size limit

class BodyLimit:
    """ASGI middleware: a request body over `max_bytes` gets a 413 before the app reads any of it.

    Checks Content-Length up front and counts the bytes actually received, so
    a chunked upload without a length cannot get past the limit either.
    """

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self.refuse(scope, receive, send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return await self.refuse(scope, receive, send)
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def refuse(self, scope, receive, send):
        response = problem(413, messages.BODY_TOO_LARGE.format(limit=self.max_bytes))
        await response(scope, receive, send)


# ---------------------------------------------------------------- extraction

class ExtractionService:
    """The loaded pipeline behind one worker thread: calls are serialised, the event loop never blocks."""

    def __init__(self, extractor=None, model: str | None = None):
        self.extractor = extractor
        self.model = model
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")

    def load(self) -> None:
        if self.extractor is None:
            from pipeline.extract import Extractor

            self.extractor = Extractor(model=self.model)

    @property
    def model_name(self) -> str | None:
        if self.extractor is None:
            return None
        meta = self.extractor.nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"

    def extract_now(self, statements: list[Statement]) -> list[Record]:
        self.load()
        return [self.extractor.extract(statement) for statement in statements]

    async def extract(self, statements: list[Statement]) -> list[Record]:
        return await asyncio.get_running_loop().run_in_executor(self.worker, self.extract_now, statements)

    def close(self) -> None:
        self.worker.shutdown(wait=False, cancel_futures=True)


def too_long(requests: list[ExtractRequest], max_chars: int) -> JSONResponse | None:
    for number, request in enumerate(requests, start=1):
        reason = text_length_problem(request.text, max_chars)
        if reason:
            where = f"item {number}: " if len(requests) > 1 else ""
            return problem(413, f"{where}{reason}. Split the statement, or extract it with the command line.")
    return None


def checked_statements(numbered: list[tuple[ExtractRequest, str]], max_chars: int) -> list[Statement] | JSONResponse:
    """The statements to extract, checked as every input is (HTML to its visible text, empty, binary), or a 422."""
    statements = []
    for number, (request, record_id) in enumerate(numbered, start=1):
        try:
            statements.append(statement_from_text(request.text, record_id, request.published, max_chars=max_chars))
        except Refused as refused:
            where = f"item {number}, text" if len(numbered) > 1 else "text"
            return problem(422, f"Invalid request: {where}: {refused}.")
    return statements


def extraction_failed(error: Exception) -> JSONResponse:
    return problem(500, f"The extraction failed on the server ({type(error).__name__}: {error}). "
                        "The text was received; please report this statement.")


# ---------------------------------------------------------------- the app

def docs_assets() -> Path | None:
    """Swagger UI and ReDoc files shipped by the fastapi-offline package, so /docs needs no CDN."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def add_docs(app: FastAPI) -> None:
    assets = docs_assets()
    if assets is None:
        return
    app.mount("/docs-assets", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui():
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} - API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc():
        return get_redoc_html(
            openapi_url=app.openapi_url,
            title=f"{app.title} - API",
            redoc_js_url="/docs-assets/redoc.standalone.js",
            redoc_favicon_url="/static/favicon.svg",
            with_google_fonts=False,
        )


def create_app(extractor=None, *, model: str | None = None, limits: Limits = Limits(),
               store_url: str | None = None) -> FastAPI:
    """The app. Pass a loaded `Extractor` to share it (tests); otherwise the model loads at start-up.
    `store_url`: the store the tracker endpoints ask (tracker.server.tracker_api); none: they answer 503."""
    from tracker.server.tracker_api import StoreHolder, tracker_router

    service = ExtractionService(extractor, model)
    holder = StoreHolder(store_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await asyncio.get_running_loop().run_in_executor(service.worker, service.load)
        yield
        service.close()
        holder.close()

    app = FastAPI(
        title="statement-tracker",
        version=SCHEMA_VERSION,
        description="Turn a government meeting statement into a record of who decided what, "
                    "who must act, and by when; every item points at its characters in the text.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    app.state.limits = limits
    app.state.store = holder
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    add_docs(app)

    @app.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/healthz", summary="Is the service up, and with which model and limits")
    async def healthz() -> dict:
        return {
            "status": "ok" if service.extractor is not None else "loading",
            "model": service.model_name,
            "schema_version": SCHEMA_VERSION,
            "limits": {"max_body_bytes": limits.max_body_bytes, "max_chars": limits.max_chars,
                       "max_batch": limits.max_batch},
        }

    @app.get("/api/schema", summary="JSON Schema of a record")
    async def schema() -> dict:
        from models.schema import record_json_schema

        return record_json_schema()

    error_responses = {
        413: {"description": "Body over the byte limit, or a text over the character limit"},
        422: {"description": "The body is not valid JSON or does not fit the request model"},
    }

    @app.post("/api/extract", response_model=Record, responses=error_responses,
              summary="Extract the record of one statement")
    async def extract(request: ExtractRequest):
        refused = too_long([request], limits.max_chars)
        if refused:
            return refused
        statements = checked_statements([(request, request.id or "api")], limits.max_chars)
        if isinstance(statements, JSONResponse):
            return statements
        try:
            [record] = await service.extract(statements)
        except Exception as error:  # the pipeline's bug, reported in words, not a bare 500
            return extraction_failed(error)
        return record

    @app.post("/api/extract/batch", response_model=list[Record], responses=error_responses,
              summary="Extract the records of several statements, in order")
    async def extract_batch(
        requests: Annotated[list[ExtractRequest], Field(min_length=1, max_length=limits.max_batch)],
    ):
        refused = too_long(requests, limits.max_chars)
        if refused:
            return refused
        statements = checked_statements([(r, r.id or str(n)) for n, r in enumerate(requests, start=1)],
                                        limits.max_chars)
        if isinstance(statements, JSONResponse):
            return statements
        try:
            return await service.extract(statements)
        except Exception as error:
            return extraction_failed(error)

    app.include_router(tracker_router(holder))
    return app


class ServeProblem(RuntimeError):
    """The server cannot start (address taken, model missing), said in words."""


def check_can_listen(host: str, port: int) -> None:
    """Fail before the model loads, not after, when the address is taken or not ours."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ServeProblem(messages.CANNOT_RESOLVE_HOST.format(host=host, reason=error.strerror)) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise ServeProblem(messages.CANNOT_LISTEN.format(host=host, port=port, reason=error.strerror)) from None


@contextmanager
def running_server(app: FastAPI, host: str = DEFAULT_HOST, port: int = 0, timeout: float = 60.0) -> Iterator[str]:
    """Run `app` under uvicorn on a background thread; yields its base URL (port 0: a free one) and stops it after."""
    import threading
    import time

    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    give_up = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > give_up:
            server.should_exit = True
            raise ServeProblem(messages.SERVER_DID_NOT_START.format(host=host, port=port))
        time.sleep(0.02)
    bound_port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


def serve(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, model: str | None = None,
          limits: Limits = Limits(), store_url: str | None = None) -> None:
    """Load the model, then answer on host:port until interrupted."""
    import uvicorn

    from pipeline.extract import Extractor

    check_can_listen(host, port)
    try:
        extractor = Extractor(model=model)
    except (OSError, ImportError, ValueError) as error:
        raise ServeProblem(messages.MODEL_DID_NOT_LOAD.format(error=error)) from None
    uvicorn.run(create_app(extractor, limits=limits, store_url=store_url), host=host, port=port, log_level="info")
