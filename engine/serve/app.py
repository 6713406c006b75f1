"""The HTTP service: a FastAPI application over :mod:`critmin.serve.library`.

Every endpoint is a thin call of the library adapter; errors become one JSON shape
(:class:`critmin.serve.models.ErrorResponse`) with the status of the mistake — 400 a bad
request, 401 a missing token, 404 an unknown mineral or path, 413 a body too large, 422 an
invalid value (a bad override, a scenario, a field out of range) — and never a 500 for a
user's mistake. Endpoints are plain functions: FastAPI runs them in its thread pool, and the
engine serialises what must be serialised (see the README's thread model). Nothing here writes
a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from critmin.errors import CritminError
from critmin.serve import models as m
from critmin.serve.guard import Guard, error
from critmin.serve.library import Library, error_body, schema, status_of, version
from critmin.serve.page import PAGE_PHRASES

STATIC = Path(__file__).parent / "static"
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": m.ErrorResponse} for code in (400, 401, 404, 413, 422)}
LangQuery = Annotated[m.Lang, Query(description="Language of labels and text.")]


def create_app(library: Library, token: str | None = None, loopback_only: bool = True) -> Guard:
    """The service as an ASGI application, behind its :class:`~critmin.serve.guard.Guard`."""
    app = FastAPI(title="critmin", version=version(), docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", responses=ERRORS,
                  description="Rule-based priority and risk scoring of critical minerals, with explanations. "
                              "Read-only. Errors: {\"error\": {status, type, message, problems}}; "
                              "`message` is what the `critmin` command prints.")
    _errors(app)
    _pages(app)
    _scoring(app, library)
    _explanations(app, library)
    _assistant(app, library)
    return Guard(app, token, loopback_only)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(CritminError)
    async def critmin_error(request: Request, exc: CritminError) -> JSONResponse:
        status = status_of(exc)
        return JSONResponse(error_body(exc, status), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_problem(e) for e in exc.errors()]
        status = 400 if any(e.get("type") == "json_invalid" for e in exc.errors()) else 422
        body = error(status, "; ".join(problems))
        body["error"]["problems"] = [{"message": p} for p in problems]
        return JSONResponse(body, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        message = {404: f"no such page or endpoint: {request.url.path}",
                   405: f"{request.method} is not allowed on {request.url.path}"}.get(exc.status_code, str(exc.detail))
        return JSONResponse(error(exc.status_code, message), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:  # a bug, never a user's mistake
        return JSONResponse(error(500, f"internal error: {type(exc).__name__}: {exc}", "InternalError"),
                            status_code=500)


def _problem(item: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
    message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _pages(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")


def _scoring(app: FastAPI, library: Library) -> None:
    @app.get("/api/meta", tags=["page"])
    def meta(lang: LangQuery = "en") -> dict[str, Any]:
        """Minerals, tiers and their colours, scenarios, limits, and every label the page shows."""
        return library.meta(lang, PAGE_PHRASES)

    @app.get("/api/inputs", tags=["page"])
    def inputs(lang: LangQuery = "en") -> list[dict[str, Any]]:
        """Every fact and parameter with a documented range (the what-if sliders; what a sweep varies)."""
        return library.inputs(lang)

    @app.get("/api/schema/assessment", tags=["scoring"])
    def assessment_schema() -> dict[str, Any]:
        """The JSON Schema of `minerals` in /api/score: what `critmin score --format json` prints (`critmin schema`)."""
        return schema()

    @app.get("/api/score", response_model=m.ScoreResponse, tags=["scoring"])
    def score_baseline(mineral: Annotated[list[str] | None, Query()] = None, trace: bool = False) -> dict[str, Any]:
        """Every mineral's tier, score, levers and partners on the service's facts and rules."""
        return library.score(minerals=mineral, trace=trace)

    @app.post("/api/score", response_model=m.ScoreResponse, tags=["scoring"])
    def score(body: m.ScoreRequest | None = None) -> dict[str, Any]:
        """Score under assumptions (overrides and scenarios); optionally with each tier's stability."""
        body = body or m.ScoreRequest()
        return library.score(body.overrides, body.scenario, body.minerals, body.trace, body.stability,
                             body.samples, body.seed)

    @app.get("/api/minerals/{mineral}", tags=["scoring"])
    def assessment(mineral: str, trace: bool = True) -> dict[str, Any]:
        """One mineral's assessment (the object of /api/score, with its trace)."""
        return library.assessment(mineral, trace=trace)

    @app.post("/api/minerals/{mineral}", tags=["scoring"])
    def assessment_under(mineral: str, body: m.AssessmentRequest | None = None) -> dict[str, Any]:
        """One mineral's assessment under assumptions."""
        body = body or m.AssessmentRequest()
        return library.assessment(mineral, body.overrides, body.scenario, body.trace)

    @app.post("/api/whatif", response_model=m.WhatIfResponse, tags=["what-if"])
    def whatif(body: m.WhatIfRequest) -> dict[str, Any]:
        """What changing assumptions moves against the baseline, and which rules moved it (`critmin whatif`)."""
        return library.whatif(body.overrides, body.scenario, body.minerals)

    @app.post("/api/sweep", tags=["what-if"])
    def sweep(body: m.SweepRequest | None = None) -> dict[str, Any]:
        """Tier probabilities under the uncertainty of facts and parameters (`critmin sweep --format json`)."""
        body = body or m.SweepRequest()
        return library.sweep(body.samples, body.seed, body.vary, body.overrides, body.scenario)

    @app.get("/api/matrix", response_model=m.MatrixResponse, tags=["scoring"])
    def matrix() -> dict[str, Any]:
        """The criticality matrix's numbers: 2035 shortfall against world supply risk."""
        return library.matrix()

    @app.post("/api/matrix", response_model=m.MatrixResponse, tags=["scoring"])
    def matrix_under(body: m.Assumptions | None = None) -> dict[str, Any]:
        """The criticality matrix under assumptions."""
        body = body or m.Assumptions()
        return library.matrix(body.overrides, body.scenario)

    @app.get("/api/rule-tests", tags=["rules"])
    def rule_tests() -> dict[str, Any]:
        """The rule tests of the service's rules (`critmin test --format json`, with `ok` and `text`)."""
        return library.rule_tests()


def _explanations(app: FastAPI, library: Library) -> None:
    @app.get("/api/minerals/{mineral}/why", response_model=m.ExplanationResponse, tags=["explanations"])
    def why_baseline(mineral: str, lang: LangQuery = "en") -> dict[str, Any]:
        """Why a mineral has its tier: the derivation from rules down to sourced facts."""
        return library.why(mineral, lang)

    @app.post("/api/why", response_model=m.ExplanationResponse, tags=["explanations"])
    def why(body: m.MineralRequest) -> dict[str, Any]:
        """Why a mineral has its tier, under assumptions."""
        return library.why(body.mineral, body.lang, body.overrides, body.scenario)

    @app.post("/api/why-not", response_model=m.ExplanationResponse, tags=["explanations"])
    def why_not(body: m.TierRequest) -> dict[str, Any]:
        """Why a mineral is not another tier: the rules that would conclude it and each failing condition."""
        return library.why_not(body.mineral, body.tier, body.lang, body.overrides, body.scenario)

    @app.post("/api/what-would-it-take", response_model=m.ExplanationResponse, tags=["explanations"])
    def what_would_it_take(body: m.TierRequest) -> dict[str, Any]:
        """The smallest single changes that move a mineral to a tier, each verified by re-scoring."""
        return library.what_would_it_take(body.mineral, body.tier, body.lang, body.overrides, body.scenario)


def _assistant(app: FastAPI, library: Library) -> None:
    @app.post("/api/ask", response_model=m.AskResponse, tags=["assistant"])
    def ask(body: m.AskRequest) -> dict[str, Any]:
        """Answer one question in English or Chinese (`critmin ask --format json`), with a follow-up context."""
        context = body.context.model_dump() if body.context else None
        return library.ask(body.question, body.lang, context)
