"""Editing YAML files without losing their comments, and replacing files atomically.

PyYAML (used to *read* facts with positions, :mod:`critmin.io.yaml_reader`) drops comments and
reflows layout when it writes. Files that people edit are therefore rewritten with
ruamel.yaml's round-trip mode, which keeps comments, key order, quoting and flow style
(an unchanged document dumps back byte for byte).
"""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path
from typing import Any

from critmin.io.atomic import atomic_write_text


def round_trip():
    from ruamel.yaml import YAML  # ruamel: loaded only when a file is edited

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump(doc: Any) -> str:
    out = io.StringIO()
    round_trip().dump(doc, out)
    lines = out.getvalue().splitlines()
    spaced = []
    for line in lines:  # a blank line before each top-level key that ends an indented block
        if spaced and re.match(r"^[a-z_]+:", line) and spaced[-1].startswith(" "):
            spaced.append("")
        spaced.append(line)
    return "\n".join(spaced) + "\n"


def quoted(text: str):
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString  # ruamel: loaded only when a file is edited

    return DoubleQuotedScalarString(text)


def mapping(flow: bool = False, **items: Any):
    from ruamel.yaml.comments import CommentedMap  # ruamel: loaded only when a file is edited

    out = CommentedMap()
    for key, value in items.items():
        if value is None:
            continue
        out[key] = quoted(value) if key in ("ref", "note") else value
    if flow:
        out.fa.set_flow_style()
    return out


def flow_list(values: list[Any]):
    from ruamel.yaml.comments import CommentedSeq  # ruamel: loaded only when a file is edited

    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def literal(text: str, width: int = 96):
    from ruamel.yaml.scalarstring import LiteralScalarString  # ruamel: loaded only when a file is edited

    return LiteralScalarString(textwrap.fill(text, width) + "\n")


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a reader sees the old or the new file."""
    atomic_write_text(path, text, overwrite=True)
