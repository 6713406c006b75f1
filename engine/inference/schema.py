"""The JSON Schema of critmin's JSON output, shipped inside the package."""

from __future__ import annotations

import importlib.resources
import json
from typing import Any

ASSESSMENT_SCHEMA = "assessment.schema.json"


def assessment_schema() -> dict[str, Any]:
    """The schema of ``critmin score --format json`` (a list of assessments)."""
    text = (importlib.resources.files("critmin.inference") / ASSESSMENT_SCHEMA).read_text(encoding="utf-8")
    return json.loads(text)
