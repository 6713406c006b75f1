"""Where a figure comes from, in few words: the locator of a reference, in English or Chinese.

A fact's ``ref`` says where in its source the value is ("Table 5, nickel, total 2035 demand",
"section 1.3 (citing Verisk Maplecroft)", "mcs2025-nicke_salient.csv, Year 2024, NIR_ct").
Short answers cite only the locator — the table, the section, the data file, the year — which
reads the same in both languages ("Table 5" / "表5", "section 3.2" / "第3.2节"). The full
reference stays in the detailed answer and in JSON.
"""

from __future__ import annotations

import re

from critmin.words.phrases import has, say

TABLE = re.compile(r"\bTables? (\d+)", re.IGNORECASE)
SECTION = re.compile(r"\bsections? (1?\d(?:\.\d+)*(?:\s*(?:-|–|and)\s*1?\d(?:\.\d+)*)?)(?![\d])", re.IGNORECASE)
CITING = re.compile(r"\(citing ([^),]+)")
DATA_FILE = re.compile(r"[\w.-]+\.(?:csv|ya?ml|xlsx?|json)\b")
YEAR = re.compile(r"\bYear (\d{4})\b")
ACRONYM = re.compile(r"^[A-Z]{2,6}(?: \d{4})?$")  # IEA, IEA 2025: the same in every language


def locator(ref: str, lang: str = "en", short: bool = False) -> str:
    """The table / section / file a reference points to, in ``lang`` ('' when it names none);
    ``short``: the first of them only (a table or section before a data file)."""
    parts: list[str] = []
    parts += [say("cite.table", lang, n=m.group(1)) for m in TABLE.finditer(ref)]
    for m in SECTION.finditer(ref):
        numbers = re.sub(r"\s*(?:-|–)\s*", "–", m.group(1))
        numbers = re.sub(r"\s*and\s*", say("separator.and", lang), numbers)
        parts.append(say("cite.section", lang, n=numbers))
    citing = CITING.search(ref)
    if citing and not short and (lang == "en" or ACRONYM.match(citing.group(1).strip())):
        parts.append(say("cite.citing", lang, who=citing.group(1).strip()))
    files = DATA_FILE.findall(ref)
    if short:  # a data file names the place best (a table or section there may be one it cites)
        return (files or parts or [""])[0]
    parts += files
    parts += [say("cite.year", lang, year=m.group(1)) for m in YEAR.finditer(ref)]
    return say("separator.cite", lang).join(dict.fromkeys(parts))


def source_name(source: str, short_zh: str | None, lang: str = "en") -> str:
    """A source's name in a citation: its id in English, its short Chinese name in Chinese."""
    if lang == "en":
        return source
    if short_zh:
        return short_zh
    key = f"source_name.{source}"
    return say(key, lang) if has(key) else source


def short_cite(source: str, short_zh: str | None, ref: str, lang: str = "en", short: bool = False) -> str:
    """``[report: Table 5]`` / ``［报告：表5］`` (the source alone when the reference has no locator);
    ``short``: only the first locator (``[usgs_mcs2025: mcs2025-cobal_salient.csv]``)."""
    name = source_name(source, short_zh, lang)
    where = locator(ref, lang, short)
    return say("source.cite", lang, source=name, ref=where) if where else say("source.cite_bare", lang, source=name)
