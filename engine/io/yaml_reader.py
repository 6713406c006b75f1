"""Safe YAML reading that remembers where every key came from.

PyYAML's safe loader gives no positions and silently keeps the last of two duplicate
keys. Here the document is composed into nodes, then converted by hand so that every key
path gets its line and column, duplicates are errors, and alias expansion is bounded (a
"billion laughs" file cannot exhaust memory).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from critmin.errors import DataError, Problem
from critmin.io.recent import Recent

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_NESTING = 50  # mapping/list levels; the shipped files use at most 5
# Tags a plain data file may carry (implicit or explicit); anything else is refused.
SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null",
                                                        "timestamp")}
COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

KeyPath = tuple[str | int, ...]
# libyaml's parser when PyYAML was built with it (ten times faster); the same safe resolver.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A loaded YAML file: its data and the position of every key path."""

    path: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    value_marks: dict[KeyPath, tuple[int, int, str | None]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def problem(self, key: KeyPath, message: str, error_class: type = DataError) -> Problem:
        """A Problem located at ``key`` (or its nearest known parent)."""
        probe = tuple(key)
        while probe and probe not in self.marks:
            probe = probe[:-1]
        line, column = self.marks.get(probe, (None, None))
        excerpt = self.lines[line - 1] if line and line <= len(self.lines) else None
        return Problem(message, file=self.path, key=dotted(key) or None, line=line,
                       column=column, excerpt=excerpt)


    def expression_problem(self, key: KeyPath, message: str, offset: int, text: str) -> Problem:
        """A Problem pointing at character ``offset`` of the scalar at ``key``: the line and
        column in the file, and the line of ``text`` holding it with a caret under it."""
        line, column, style = self.value_marks.get(key, (None, None, None))
        if line is not None:
            line, column = locate(self.lines, line, column, style, text, offset)
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        excerpt = text[start:] if end < 0 else text[start:end]
        return Problem(message, file=self.path, key=dotted(key), line=line, column=column,
                       excerpt=excerpt, caret=offset - start)


def locate(lines: list[str], line: int, column: int, style: str | None, text: str,
           offset: int) -> tuple[int, int | None]:
    """The file position (1-based line, column) of character ``offset`` of a scalar's ``text``.

    The scalar starts at ``line``:``column`` (its first character, quote or block indicator).
    Its characters are matched against the file's, a run of white space (a line break, a
    block's indentation) matching any other; where they differ (an escape sequence in quoted
    text) the column is unknown and the scalar's first line is given."""
    block = style in ("|", ">")
    fallback = (line + 1 if block else line), None
    row, col = (line, 0) if block else (line - 1, column - 1 + (style in ('"', "'")))
    chars = _file_chars(lines, row, col)
    here, last = next(chars, None), None
    position = 0
    while position <= offset and position < len(text):
        while here is not None and here[2].isspace():  # indentation, line ends, folded breaks
            here = next(chars, None)
        if text[position].isspace():
            position += 1
            continue
        if here is None or here[2] != text[position]:
            return fallback
        if position == offset:
            return here[0] + 1, here[1] + 1
        last = (here[0], here[1], position)
        position += 1
        here = next(chars, None)
    if last is None:
        return fallback
    return last[0] + 1, last[1] + 1 + offset - last[2]  # past the last character shown


def _file_chars(lines: list[str], row: int, col: int):
    """(row, column, character) from ``row``:``col`` on, a line break as a space."""
    for number in range(row, len(lines)):
        text = lines[number]
        for index in range(col if number == row else 0, len(text)):
            yield number, index, text[index]
        yield number, len(text), " "


def dotted(key: KeyPath) -> str:
    """``("us", "supply_2035_t")`` → ``us.supply_2035_t``; list indices as ``[2]``."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


MAX_PATH_CHARS = 4096  # Linux PATH_MAX; longer paths fail in the OS with a bare errno
MAX_NAME_BYTES = 255  # NAME_MAX: one component of a path


def checked_path(path: str | os.PathLike, error_class: type = DataError) -> Path:
    """``path`` as a Path, or ``error_class`` when no file could ever have that name."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if "\x00" in text:
        raise error_class(Problem("a path cannot contain a NUL character", file=text))
    if len(text) > MAX_PATH_CHARS:
        raise error_class(Problem(f"path is {len(text):,} characters; the limit is "
                                  f"{MAX_PATH_CHARS:,}", file=text))
    for part in Path(text).parts:
        if len(os.fsencode(part)) > MAX_NAME_BYTES:
            raise error_class(Problem(f"a name in the path is {len(os.fsencode(part)):,} bytes; "
                                      f"the limit is {MAX_NAME_BYTES}", file=text))
    return Path(text)


def read_text(path: str | os.PathLike, error_class: type = DataError, limit: int = MAX_FILE_BYTES,
              kind: str = "YAML") -> str:
    """The file's text, refusing anything but a regular file of at most ``limit`` bytes of
    UTF-8 text (see :func:`read_bytes`)."""
    path = checked_path(path, error_class)
    raw = read_bytes(path, error_class, limit)
    if b"\x00" in raw:
        raise error_class(Problem(f"binary file, expected UTF-8 {kind} text", file=str(path)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error_class(Problem(
            f"not UTF-8 text (byte {exc.start}); expected UTF-8 {kind}", file=str(path))) from None


def read_bytes(path: str | os.PathLike, error_class: type = DataError, limit: int = MAX_FILE_BYTES) -> bytes:
    """The content of a regular file of at most ``limit`` bytes, or ``error_class``: a FIFO
    would block, a device (``/dev/zero``) never end, a huge file take minutes. The file is
    opened without blocking and checked once open, so no name can make the reader wait."""
    path = checked_path(path, error_class)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error_class(Problem(f"cannot read file: {exc.strerror or exc}", file=str(path))) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):  # a directory, FIFO or device would block or never end
            raise error_class(Problem("not a regular file", file=str(path)))
        if info.st_size > limit:
            raise error_class(Problem(
                f"file is {info.st_size:,} bytes; the limit is {limit:,} bytes", file=str(path)))
        with os.fdopen(os.dup(handle), "rb") as stream:
            raw = stream.read(limit + 1)  # the file may grow after stat
        if len(raw) > limit:
            raise error_class(Problem(f"file is over the limit of {limit:,} bytes", file=str(path)))
    except OSError as exc:
        raise error_class(Problem(f"cannot read file: {exc.strerror or exc}", file=str(path))) from None
    finally:
        os.close(handle)
    return raw


def load_yaml(path: str | os.PathLike, error_class: type = DataError) -> Document:
    """Load one YAML file into a Document, or raise ``error_class`` with a location."""
    text = read_text(path, error_class)
    return parse_yaml(text, str(path), error_class)


def parse_yaml(text: str, name: str, error_class: type = DataError) -> Document:
    """Parse YAML text (already read) into a Document.

    The same text of the same file parses to the same Document, so a Document is kept and
    shared (its readers never change it): loading the same facts and rules again — every
    command, every chat ``/set``, every request of the service — reads the files but does not
    parse them again. The text itself is the key, so an edit is always parsed."""
    if len(text) > MAX_PARSED_TEXT:
        return _parse(text, name, error_class)
    return _PARSED.get((text, name, error_class), lambda: _parse(text, name, error_class))


MAX_PARSED_TEXT = 1_000_000  # characters: a larger file is parsed each time, not kept
_PARSED: Recent[Document] = Recent(256)  # documents: a few facts and rules directories


def _parse(text: str, name: str, error_class: type) -> Document:
    node = _compose(text, name, error_class)
    doc = Document(path=name, data=None, lines=text.splitlines())
    if node is None:
        return doc
    budget = [MAX_NODES]
    doc.data = _convert(node, (), doc, budget, error_class, yaml.SafeLoader(""))
    return doc


def check_bounds(text: str, name: str, error_class: type = DataError) -> None:
    """The bounds :func:`parse_yaml` puts on a document's shape — its nesting and its number
    of values, counting every use of an alias — for text that another YAML library (ruamel,
    which keeps comments when a file is rewritten) reads next. Nothing is converted."""
    node = _compose(text, name, error_class)
    stack = [(node, 0)] if node is not None else []
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if count > MAX_NODES:
            raise error_class(Problem(f"document holds more than {MAX_NODES:,} values (counting every "
                                      f"use of an alias); the limit is {MAX_NODES:,}", file=name,
                                      line=line, column=column))
        if depth > MAX_NESTING:
            raise error_class(Problem(f"YAML nested more than {MAX_NESTING} levels deep; the limit "
                                      f"is {MAX_NESTING}", file=name, line=line, column=column))
        if isinstance(node, yaml.MappingNode):
            stack += [(value, depth + 1) for _, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in node.value]


def _compose(text: str, name: str, error_class: type) -> yaml.Node | None:
    """The document's node graph, or ``error_class`` with the line and column of the problem."""
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        lines = text.splitlines()
        excerpt = lines[line - 1] if line and line <= len(lines) else None
        what = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in what:  # libyaml's own limit (1,000 levels)
            raise error_class(Problem(f"YAML nested too deeply; the limit is {MAX_NESTING} levels",
                                      file=name, line=line, column=col)) from None
        start = exc.context_mark
        if "\t" in (excerpt or ""):
            what += " (tabs are not allowed for indentation; use spaces)"
        elif exc.problem and exc.context and start is not None and start.line + 1 != line:
            what += f" ({exc.context} opened at line {start.line + 1}, column {start.column + 1})"
        raise error_class(Problem(f"YAML syntax error: {what}", file=name, line=line,
                                  column=col, excerpt=excerpt)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (control characters)
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = text[exc.position] if exc.position < len(text) else exc.character
        raise error_class(Problem(f"YAML error: character {char!r} is not allowed "
                                  "(control characters cannot appear in YAML)", file=name,
                                  line=line, column=col)) from None
    except yaml.YAMLError as exc:
        raise error_class(Problem(f"YAML error: {exc}", file=name)) from None
    except RecursionError:
        raise error_class(Problem(f"YAML nested too deeply; the limit is {MAX_NESTING} levels",
                                  file=name)) from None


def _convert(node: yaml.Node, key: KeyPath, doc: Document, budget: list[int],
             error_class: type, loader: yaml.SafeLoader) -> Any:
    budget[0] -= 1
    where = (node.start_mark.line + 1, node.start_mark.column + 1)
    if budget[0] < 0:
        raise error_class(Problem(
            f"document holds more than {MAX_NODES:,} values (counting every use of an alias); "
            f"the limit is {MAX_NODES:,}", file=doc.path, line=where[0], column=where[1]))
    if len(key) > MAX_NESTING:
        raise error_class(Problem(f"YAML nested more than {MAX_NESTING} levels deep; the limit "
                                  f"is {MAX_NESTING}", file=doc.path, line=where[0], column=where[1]))
    if node.tag not in (COLLECTION_TAGS if not isinstance(node, yaml.ScalarNode) else SCALAR_TAGS):
        if node.tag == "tag:yaml.org,2002:value":  # a bare '=' is text, not YAML's value key
            return node.value
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise error_class(doc.problem(key, f"tag '{tag}' is not allowed; write plain text, "
                                      "numbers, lists and mappings"))
    doc.marks.setdefault(key, where)
    doc.value_marks[key] = (node.start_mark.line + 1, node.start_mark.column + 1,
                            getattr(node, "style", None))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise error_class(doc.problem(key, "mapping keys must be plain text"))
            name = key_node.value
            if name == "<<":
                raise error_class(doc.problem(key, "merge keys (<<) are not supported"))
            child = key + (name,)
            if name in result:
                first = doc.marks.get(child, (None,))[0]
                doc.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                raise error_class(doc.problem(child, f"duplicate key '{name}' (first at line {first})"))
            doc.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[name] = _convert(value_node, child, doc, budget, error_class, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, key + (i,), doc, budget, error_class, loader)
                for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node)
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        raise error_class(doc.problem(key, f"number with {len(node.value):,} characters is too "
                                      "long to read")) from None
    except yaml.YAMLError as exc:
        raise error_class(doc.problem(key, f"bad value: {getattr(exc, 'problem', None) or exc}")) from None
