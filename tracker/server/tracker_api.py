"""The tracker's HTTP API: the questions of `track`, answered from the store, as the models of models/tracker.py.

The store opens on the first question (so the server starts without one) and
stays open; until it can be opened every tracker endpoint answers 503 naming
the cause. An unknown decision or statement is a 404, a question that cannot
be asked (a bad reference, dates the wrong way round) a 422. Each endpoint is
a plain function, which FastAPI runs on its thread pool: the queries block,
the event loop does not.
"""
import threading
from typing import Annotated, Callable, TypeVar

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from models import messages
from models.tracker import BodySummary, DecisionChain, DecisionFilter, StatementView, TrackedDecision
from tracker.store import queries
from tracker.store.database import Store
from tracker.store.problems import StoreProblem

Answer = TypeVar("Answer")
PROBLEMS = {
    404: {"description": "No such decision or statement in the store"},
    422: {"description": "The question cannot be asked as given (bad filter, bad reference)"},
    503: {"description": "No store is configured, or it cannot be opened; `detail` says why"},
}


class StoreHolder:
    """The store behind the API, opened once on first use; every failure to open is retried next time."""

    def __init__(self, url: str | None):
        self.url = url
        self.store: Store | None = None
        self.lock = threading.Lock()

    def get(self) -> Store:
        if self.url is None:
            raise StoreProblem(messages.NO_STORE_CONFIGURED)
        with self.lock:
            if self.store is None:
                self.store = queries.open_existing(self.url)
            return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.dispose()


def answered(holder: StoreHolder, question: Callable[[Store], Answer]) -> Answer | JSONResponse:
    try:
        return question(holder.get())
    except StoreProblem as problem:
        return JSONResponse({"detail": str(problem)}, status_code=503)
    except queries.UnknownReference as problem:
        return JSONResponse({"detail": str(problem)}, status_code=404)
    except queries.QueryProblem as problem:
        return JSONResponse({"detail": str(problem)}, status_code=422)


def tracker_router(holder: StoreHolder) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["tracker"], responses=PROBLEMS)

    @router.get("/decisions", response_model=list[TrackedDecision], summary="Decisions matching the filter, newest first")
    def decisions(wanted: Annotated[DecisionFilter, Query()]):
        return answered(holder, lambda store: queries.find_decisions(store, wanted))

    @router.get("/overdue", response_model=list[TrackedDecision],
                summary="Decisions past their (extended) deadline on as_of and not reported done or dropped")
    def overdue(wanted: Annotated[DecisionFilter, Query()]):
        if wanted.as_of is None:
            return JSONResponse({"detail": messages.AS_OF_MISSING}, status_code=422)
        return answered(holder, lambda store: queries.overdue(store, wanted.as_of, wanted))

    @router.get("/decisions/{ref:path}/followups", response_model=DecisionChain,
                summary="One decision and the later statements that mention it (ref URL-encoded: id%23d2)")
    def followups(ref: str):
        return answered(holder, lambda store: queries.followups(store, ref))

    @router.get("/statements/{statement_id:path}", response_model=StatementView,
                summary="The current version of a statement: its text when stored, and its record")
    def statement(statement_id: str):
        return answered(holder, lambda store: queries.statement(store, statement_id))

    @router.get("/bodies", response_model=list[BodySummary], summary="Each body: statements, decisions, per month")
    def bodies():
        return answered(holder, queries.bodies)

    return router
