"""An explanation as the CLI and the HTTP service give it: the short answer first, then the full
form (the derivation tree down to sourced facts; the changes a search found)."""

from __future__ import annotations

from typing import Any

from critmin.explain.what_it_takes import Takes
from critmin.explain.why import Derivation
from critmin.render.dispatch import text


def answer_then_derivation(part: Any, lang: str = "en") -> str:
    if isinstance(part, Takes):
        return text(part, lang)
    full = text(part, lang, with_headline=False) if isinstance(part, Derivation) else text(part, lang)
    return text(part, lang, form="brief", hint=False) + "\n\n" + full
