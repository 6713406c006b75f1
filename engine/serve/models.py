"""The JSON the service reads and writes, as pydantic models: FastAPI checks requests with them
and publishes them in the OpenAPI description (``GET /api/openapi.json``).

Requests refuse unknown fields (a misspelt ``sampels`` is an error, not silently ignored).
Explanations are the library's own ``to_dict()`` structures, described in the README
("The assistant", JSON) and kept as objects here rather than copied field by field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from critmin.serve.library import DEFAULT_SWEEP_SAMPLES, MAX_OVERRIDES, MAX_SWEEP_SAMPLES

Lang = Literal["en", "zh"]
MAX_QUESTION = 2000
MAX_SEED = 2**32 - 1

OverrideValue = str | float | int | bool | list[str]
OVERRIDES_DOC = ("Assumptions, as `--set` takes them: a list of \"KEY=VALUE\" texts "
                 "([\"params.severe_shortfall_min=0.95\"]) or an object {KEY: VALUE} "
                 "({\"countries.Indonesia.alignment\": \"ally\"}). Applied after the scenarios.")
SCENARIO_DOC = "A scenario's name, or a list of names (applied in order), as listed by GET /api/meta."


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Assumptions(Request):
    overrides: list[str] | dict[str, OverrideValue] | None = Field(
        None, description=OVERRIDES_DOC, json_schema_extra={"maxItems": MAX_OVERRIDES})
    scenario: str | list[str] | None = Field(None, description=SCENARIO_DOC)

    @field_validator("overrides", mode="before")
    @classmethod
    def _not_one_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError("expected a list of \"KEY=VALUE\" texts or an object {KEY: VALUE}, got a single text")
        return value


class ScoreRequest(Assumptions):
    minerals: list[str] | None = Field(None, description="Only these minerals (name, symbol, alias or 中文名).")
    trace: bool = Field(False, description="Include every rule firing of each mineral.")
    stability: bool = Field(False, description="Add each tier's stability (an uncertainty sweep).")
    samples: int = Field(DEFAULT_SWEEP_SAMPLES, ge=1, le=MAX_SWEEP_SAMPLES, description="Sweep samples for stability.")
    seed: int = Field(0, ge=0, le=MAX_SEED, description="Sweep seed for stability.")


class AssessmentRequest(Assumptions):
    trace: bool = Field(True, description="Include every rule firing.")


class MineralRequest(Assumptions):
    mineral: str = Field(..., description="A mineral by id, name, symbol, alias or Chinese name.")
    lang: Lang = Field("en", description="Language of the text.")


class TierRequest(MineralRequest):
    tier: str = Field(..., description="low, medium, high, very_high (or 'very high', 很高, 高, 中, 低).")


class WhatIfRequest(Assumptions):
    minerals: list[str] | None = Field(None, description="Compare only these minerals.")


class SweepRequest(Assumptions):
    samples: int = Field(DEFAULT_SWEEP_SAMPLES, ge=1, le=MAX_SWEEP_SAMPLES, description="Scenarios to draw.")
    seed: int = Field(0, ge=0, le=MAX_SEED, description="The same seed and samples give the same result.")
    vary: Literal["facts", "params", "both"] = Field("both", description="What is drawn within its range.")


class AskContext(Request):
    intent: str | None = None
    minerals: list[str] = Field(default_factory=list)
    tier: str | None = None


class AskRequest(Request):
    question: str = Field(..., min_length=1, max_length=MAX_QUESTION, description="English or Chinese.")
    lang: Lang | None = Field(None, description="Answer language (default: the question's).")
    context: AskContext | None = Field(
        None, description="The `context` of the previous answer, so that 'and cobalt?' follows on.")


# ---------------------------------------------------------------- responses

class Problem(BaseModel):
    message: str
    file: str | None = None
    key: str | None = None
    line: int | None = None
    column: int | None = None


class ErrorDetail(BaseModel):
    status: int
    type: str = Field(..., description="The library's error class (OverrideError, UnknownMineralError, …), "
                                        "or RequestError for a malformed request.")
    message: str = Field(..., description="The message the CLI prints after 'error: '.")
    problems: list[Problem]


class ErrorResponse(BaseModel):
    error: ErrorDetail


class ScoreResponse(BaseModel):
    overrides: list[str] = Field(..., description="The assumptions applied (scenarios first).")
    warnings: list[str]
    minerals: list[dict[str, Any]] = Field(
        ..., description="What `critmin score --format json` prints: one object per mineral, highest "
                         "priority first (JSON Schema: GET /api/schema/assessment, `critmin schema`).")


class ExplanationResponse(BaseModel):
    mineral: str
    tier: str = Field(..., description="The mineral's tier under the assumptions.")
    text: str = Field(..., description="The explanation in words, as `critmin explain` prints it.")
    why: dict[str, Any] | None = Field(None, description="The derivation tree (why).")
    why_not: dict[str, Any] | None = Field(None, description="The failing conditions (why-not).")
    what_would_it_take: dict[str, Any] | None = Field(None, description="Verified single changes.")


class WhatIfResponse(BaseModel):
    model_config = ConfigDict(extra="allow")
    a: str
    b: str
    overrides: list[str]
    inputs: list[dict[str, Any]] = Field(..., description="Inputs that differ: name, before, after, scope.")
    minerals: list[dict[str, Any]] = Field(..., description="Minerals that changed: tier, score, levers, "
                                                            "signals, indicators, with the rules behind them.")
    unchanged: list[str]
    warnings: list[str]
    tier_changes: dict[str, list[str | None]] = Field(..., description="mineral → [tier before, tier after].")
    text: str = Field(..., description="The diff as `critmin whatif` prints it.")


class AskResponse(BaseModel):
    model_config = ConfigDict(extra="allow")
    question: str
    intent: str
    language: str
    mineral: str | None
    tier: str | None
    minerals: list[str]
    tiers: dict[str, str]
    answer: str
    notes: list[str]
    understood: dict[str, Any]
    explanation: dict[str, Any] | None
    context: AskContext = Field(..., description="Send it back with the next question to follow on.")


class MatrixResponse(BaseModel):
    rows: list[dict[str, Any]] = Field(..., description="mineral, name, tier, basis, shortfall_2035 (null if "
                                                        "unknown), supply_risk, supply_known, score.")
    supply_risk_rules: list[str] = Field(..., description="The points rules whose points make the y axis.")
