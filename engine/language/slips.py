"""What people write in a rule expression from habit, and what the rule language makes of it.

- ``35%`` is a percentage, as in ``--set``: :func:`percentages` finds the number tokens written
  with a ``%`` right after them, so the parser can read them as hundredths.
- ``=``, ``AND``, ``OR``, ``NOT``, ``&&``, ``||``, ``!``, ``<>``, ``=>`` and ``=<`` come from SQL,
  spreadsheets and C: :func:`operator_slip` names the operator the rule language spells
  instead, with the offset of the slip, when an expression does not parse.

Both read the text with Python's tokenizer, so nothing inside a quoted text is ever changed.
"""

from __future__ import annotations

import io
import keyword
import tokenize
from typing import NamedTuple

# An operand may follow ``%`` (then it is the modulo operator, which the language refuses).
_OPERAND_TYPES = (tokenize.NUMBER, tokenize.NAME, tokenize.STRING)
_WORDS = {"and": "and", "or": "or", "not": "not"}
_PAIRS = {("&", "&"): ("&&", "and"), ("|", "|"): ("||", "or"), ("=", ">"): ("=>", ">="),
          ("=", "<"): ("=<", "<="), ("<", ">"): ("<>", "!=")}


class Slip(NamedTuple):
    message: str
    offset: int  # 0-based offset of the slip in the expression


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    """The tokens of a one-line expression, or [] if it cannot even be tokenized."""
    try:
        return [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT,
                                  tokenize.DEDENT)]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []


def percentages(text: str) -> tuple[str, frozenset[int]]:
    """``text`` with each percent sign of a percentage (``35%``) blanked, and the offsets of
    those numbers. The text keeps its length, so every offset still points at the same place."""
    if "%" not in text:
        return text, frozenset()
    tokens = _tokens(text)
    found: list[tuple[int, int]] = []  # (offset of the number, offset of its %)
    for i, token in enumerate(tokens[:-1]):
        sign = tokens[i + 1]
        if token.type != tokenize.NUMBER or sign.string != "%" or sign.start != token.end:
            continue
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        operand = after is not None and (after.type in _OPERAND_TYPES or after.string in ("(", "["))
        if operand and not keyword.iskeyword(after.string):
            continue  # a modulo: 50 % 3 (but 35% and ..., 35% or ...)
        found.append((token.start[1], sign.start[1]))
    if not found:
        return text, frozenset()
    chars = list(text)
    for _, percent in found:
        chars[percent] = " "
    return "".join(chars), frozenset(number for number, _ in found)


def operator_slip(text: str) -> Slip | None:
    """The first operator written as another language spells it, with the right one; or None."""
    tokens = _tokens(text)
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.start == token.end and (token.string, nxt.string) in _PAIRS:
            written, right = _PAIRS[(token.string, nxt.string)]
            return Slip(f"'{written}' is not an operator here; write '{right}'", token.start[1])
        if token.type == tokenize.NAME and token.string.lower() in _WORDS and token.string != token.string.lower():
            word = _WORDS[token.string.lower()]
            return Slip(f"'{token.string}' is not an operator here; write '{word}' in lower case", token.start[1])
        if token.string == "=":
            return Slip("'=' is not a comparison; write '==' to test equality", token.start[1])
        if token.string == "!" or (token.type == tokenize.ERRORTOKEN and token.string == "!"):
            return Slip("'!' is not an operator here; write 'not' (or '!=' to test inequality)", token.start[1])
        if token.string == "&":
            return Slip("'&' is not an operator here; write 'and'", token.start[1])
        if token.string == "|":
            return Slip("'|' is not an operator here; write 'or'", token.start[1])
    return None
