"""Questions with several parts: "why is nickel very high, and what would it take to make it high?".

The text is cut at sentence ends (? ! ; 。 and a full stop before a new sentence) and at "and"
/ "，" / "另外" where a new question starts (a question word follows). Each part is then
understood on its own, following on from the part before it (so "it" is the mineral just
named). A part that repeats the one before it about the same thing is taken as a correction
("why not low for zinc? oh wait, why isn't zinc medium"): only the later one is answered.
"""

from __future__ import annotations

import re

from critmin.assistant.vocabulary import Vocabulary

MAX_PARTS = 4
SENTENCE_END = re.compile(r"(?<=[?？!！;；。])\s*|\n+|(?<=[a-z0-9)\]])\.\s+(?=\S)")
WHATIF = re.compile(r"^\s*(what if|suppose|supposing|imagine|assume|assuming|if)\b|如果|假如|假设|要是", re.IGNORECASE)
SAME_WHATIF = re.compile(r"^(what (would|will|might) (happen|change)|what happens|"
                         r"how (would|does|will|might) (that|this|it)|which minerals? (would|will|might)|"
                         r"what (would|will) (that|this|it)|会怎样|会如何|怎么样)",
                         re.IGNORECASE)


def split_parts(text: str, vocab: Vocabulary) -> list[str]:
    """The parts of a question, in order (one part when it has only one)."""
    pieces = [p for p in SENTENCE_END.split(text) if p and p.strip()]
    out: list[str] = []
    for piece in pieces:
        out += _split_joined(piece, vocab)
    parts = [p.strip() for p in out if re.search(r"\w", p)]
    return parts or [text]


def _split_joined(piece: str, vocab: Vocabulary) -> list[str]:
    """Cut at "and"/"，" where a new question starts, keeping a what-if's own clauses together."""
    en = "|".join(re.escape(w) for w in vocab.part_starts["en"])
    zh = "|".join(re.escape(w) for w in vocab.part_starts["zh"])
    joint = re.compile(rf"(?:,\s*(?:and\s+|also\s+|plus\s+|then\s+)?|\s+(?:and|also|plus|then)\s+)(?=(?:{en})\b)"
                       rf"|[，,；;]\s*(?:那么|然后|并且|而且|以及|另外|还有)?\s*(?=(?:{zh}))|(?:另外|还有|以及|并且)(?=(?:{zh}))",
                       re.IGNORECASE)
    parts, start = [], 0
    for m in joint.finditer(piece):
        head, tail = piece[start:m.start()], piece[m.end():]
        if not head.strip() or WHATIF.search(head) and SAME_WHATIF.match(tail.strip()):
            continue
        if not _asks(head, en, zh):  # "nickel or cobalt, which is riskier?" is one question
            continue
        if not _is_question(tail, en, zh):
            continue
        parts.append(head)
        start = m.end()
    parts.append(piece[start:])
    return parts


def _asks(head: str, en: str, zh: str) -> bool:
    """The words before a joint already ask something (a question word or a request)."""
    return bool(re.search(rf"\b(?:{en})\b", head, re.IGNORECASE) or re.search(rf"(?:{zh})|吗|呢|什么|怎么", head)
                or re.search(r"\b(if|suppose|levers?|partners?|facts?|sources?|rank|ranking)\b", head, re.IGNORECASE))


def _is_question(tail: str, en: str, zh: str) -> bool:
    """The words after a joint start a question of their own (not "compare nickel and cobalt")."""
    tail = tail.strip().lower()
    if re.match(r"(what|which|how|who|where|why|should|is|are|does|do|can|could|would|will)\b", tail):
        return len(tail.split()) >= 3 or bool(re.search(r"[\u4e00-\u9fff]", tail))
    return bool(re.match(rf"(?:{zh})", tail)) or bool(re.match(rf"(?:{en})\b\s+\S+\s+\S+", tail))
