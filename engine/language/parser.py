"""The safe parser: rule expression text → the syntax tree of :mod:`critmin.language.syntax`.

Text is parsed with Python's ``ast`` module and converted, node by node; any node type not
on the whitelist is an error with the offset of the offending character. Nothing is ever
passed to ``eval`` or ``exec``. Types are checked while building: numbers, text,
conditions and the tier.

An expression may span several lines; a ``#`` outside text starts a comment that ends at the
end of its line. Comments are blanked and line breaks become spaces *in place*, so the text
parsed has the same length as the text written and every offset (in characters) points into
the original lines. Names are plain ASCII: Python would silently fold a fullwidth or other
compatibility character (``ｓhortfall_2035``) into another name, so such a name is refused.
"""

from __future__ import annotations

import ast
import difflib
import re
import unicodedata
import warnings

from critmin.concepts import MAX_MAGNITUDE, TIER_RANK, TIERS
from critmin.language.slips import operator_slip, percentages
from critmin.language.syntax import And, Arith, Compare, Const, ExpressionError, Member, Names, Neg, Node, Not, Or, Ref
from critmin.words.numbers import magnitude

# Python's parser warns about odd literals ("1if"); a rule's problems are reported as errors.
RULE_FILENAME = "<critmin rule>"
warnings.filterwarnings("ignore", category=SyntaxWarning, module=re.escape(RULE_FILENAME) + r"\Z")

MAX_LENGTH = 2000
MAX_DEPTH = 40

CMP_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
           ast.NotEq: "!="}
ARITH_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
FORBIDDEN = {
    ast.Call: "function calls", ast.Attribute: "attribute access (only params.NAME)",
    ast.Subscript: "subscripts", ast.Lambda: "lambdas", ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions", ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions", ast.NamedExpr: "assignment (:=)",
    ast.JoinedStr: "f-strings", ast.IfExp: "conditional expressions", ast.Dict: "dicts",
    ast.Set: "sets", ast.Starred: "starred expressions", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "slices",
}


def parse(text: str, names: Names, expect: str = "bool") -> Node:
    """Parse ``text`` into a typed AST, or raise ExpressionError."""
    if not isinstance(text, str):
        raise ExpressionError(f"expected an expression as text, got {text!r}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text):,} characters; the limit is {MAX_LENGTH:,}")
    if not text.strip():
        raise ExpressionError("empty expression")
    source = code_only(text)
    if not source.strip():
        raise ExpressionError("the expression is only a comment", text.index("#"), text)
    python_text, percent = percentages(source)  # 35% reads as 0.35, as in --set
    try:
        tree = ast.parse(python_text, RULE_FILENAME, mode="eval")
    except SyntaxError as exc:
        slip = operator_slip(source)
        if slip is not None:
            raise ExpressionError(f"syntax error: {slip.message}", slip.offset, text) from None
        offset = min(max((exc.offset or 1) - 1, 0), len(text))
        raise ExpressionError(f"syntax error: {exc.msg}", offset, text) from None
    except (ValueError, MemoryError, RecursionError):
        raise ExpressionError("expression cannot be parsed (too deep or invalid)", 0, text) from None
    builder = _Builder(text, names, percent)
    node = builder.build(tree.body, 0)
    actual = builder.type_of(node)
    if actual != expect:
        raise ExpressionError(f"expected a {_TYPE_WORDS[expect]}, but this is a "
                              f"{_TYPE_WORDS[actual]}", 0, text)
    return node


def code_only(text: str) -> str:
    """``text`` with every comment blanked and every line break a space, offsets unchanged.

    A comment runs from a ``#`` outside a text literal to the end of its line."""
    if "#" not in text:
        return text.replace("\r", " ").replace("\n", " ")
    out = list(text)
    quote, i = None, 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 2
                continue
            if char in (quote, "\n"):  # an unclosed literal ends with its line (Python says so)
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#":
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
            continue
        i += 1
    return "".join(" " if c in "\r\n" else c for c in out)


def comment_offset(text: str) -> int | None:
    """Where the first comment of ``text`` starts, or None when it has none."""
    for i, (written, parsed) in enumerate(zip(text, code_only(text))):
        if written == "#" and parsed == " ":
            return i
    return None


_TYPE_WORDS = {"bool": "condition (true/false)", "num": "number", "str": "text",
               "tier": "tier", "list": "list"}


class _Builder:
    def __init__(self, text: str, names: Names, percent: frozenset[int] = frozenset()):
        self.text, self.names = text, names
        self.percent = percent  # offsets of numbers written as percentages
        self.types: dict[int, str] = {}
        self.encoded = code_only(text).encode("utf-8")

    def at(self, node: ast.AST) -> int:
        """The character offset of ``node`` (``ast`` counts UTF-8 bytes)."""
        return self.chars(getattr(node, "col_offset", 0))

    def chars(self, byte_offset: int) -> int:
        return len(self.encoded[:byte_offset].decode("utf-8", errors="ignore"))

    def fail(self, message: str, node: ast.AST | Node) -> None:
        offset = node.pos if isinstance(node, Node) else self.at(node)
        raise ExpressionError(message, offset, self.text)

    def written(self, node: ast.AST) -> str:
        """The source text of ``node`` as written (before Python normalised its names)."""
        end = getattr(node, "end_col_offset", None)
        return self.encoded[node.col_offset:end].decode("utf-8", errors="replace")

    def check_ascii(self, node: ast.AST) -> None:
        """Refuse a name Python would fold into another one (NFKC: ``ｓ`` → ``s``)."""
        written = self.written(node)
        for i, char in enumerate(written):
            if not char.isascii():
                name = unicodedata.name(char, "an unnamed character")
                raise ExpressionError(
                    f"character {char!r} (U+{ord(char):04X} {name}) is not allowed in a name; "
                    "names are plain ASCII letters, digits and underscores",
                    self.at(node) + i, self.text)

    def type_of(self, node: Node) -> str:
        return self.types[id(node)]

    def typed(self, node: Node, kind: str) -> Node:
        self.types[id(node)] = kind
        return node

    def build(self, node: ast.AST, depth: int) -> Node:
        if depth > MAX_DEPTH:
            self.fail(f"expression nested more than {MAX_DEPTH} levels deep", node)
        for forbidden, what in FORBIDDEN.items():
            if isinstance(node, forbidden) and not self._is_param(node):
                self.fail(f"not allowed in a rule expression: {what}", node)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            self.fail(f"not allowed in a rule expression: {type(node).__name__}", node)
        return method(node, depth + 1)

    @staticmethod
    def _is_param(node: ast.AST) -> bool:
        return (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "params")

    def _Constant(self, node: ast.Constant, depth: int) -> Node:
        value, pos = node.value, self.at(node)
        if isinstance(value, bool):
            return self.typed(Const(pos, value), "bool")
        if isinstance(value, (int, float)):
            if value != value or abs(value) == float("inf"):
                self.fail("numbers must be finite", node)
            if abs(value) > MAX_MAGNITUDE:
                self.fail(f"{magnitude(value)} is beyond the largest supported magnitude "
                          f"({MAX_MAGNITUDE:g})", node)
            if pos in self.percent:
                value = value / 100
            return self.typed(Const(pos, value), "num")
        if isinstance(value, str):
            return self.typed(Const(pos, value), "str")
        self.fail(f"constant {value!r} is not allowed (numbers, text, true, false)", node)

    def _Name(self, node: ast.Name, depth: int) -> Node:
        self.check_ascii(node)
        name, pos = node.id, self.at(node)
        if name in ("true", "false"):
            return self.typed(Const(pos, name == "true"), "bool")
        if name.startswith("__"):
            self.fail(f"name '{name}' is not allowed", node)
        if name in self.names.indicators:
            return self.typed(Ref(pos, name, "indicator"), self.names.indicators[name])
        if name in self.names.signals:
            return self.typed(Ref(pos, name, "signal"), "bool")
        if name == "tier" and self.names.allow_tier:
            return self.typed(Ref(pos, name, "tier"), "tier")
        if name == "params":
            self.fail("use params.NAME to refer to a parameter", node)
        close = difflib.get_close_matches(name, self.names.all_names(), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        extra = "" if hint else "; expected an indicator, a signal or params.NAME"
        self.fail(f"unknown name '{name}'{hint}{extra}", node)

    def _Attribute(self, node: ast.Attribute, depth: int) -> Node:
        self.check_ascii(node)
        name = node.attr
        if name.startswith("_"):
            self.fail(f"name 'params.{name}' is not allowed", node)
        if name not in self.names.params:
            close = difflib.get_close_matches(name, list(self.names.params), n=1, cutoff=0.6)
            hint = f" (did you mean 'params.{close[0]}'?)" if close else ""
            self.fail(f"unknown parameter 'params.{name}'{hint}", node)
        value = self.names.params[name]
        kind = "str" if isinstance(value, str) else "num"
        return self.typed(Ref(self.at(node), name, "param"), kind)

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Node:
        operand = self.build(node.operand, depth)
        kind = self.type_of(operand)
        if isinstance(node.op, ast.Not):
            if kind != "bool":
                self.fail(f"'not' needs a condition, got a {_TYPE_WORDS[kind]}", node)
            return self.typed(Not(self.at(node), operand), "bool")
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            if kind != "num":
                self.fail(f"a sign needs a number, got a {_TYPE_WORDS[kind]}", node)
            if isinstance(node.op, ast.UAdd):
                return operand
            if isinstance(operand, Const):
                return self.typed(Const(self.at(node), -operand.value), "num")
            return self.typed(Neg(self.at(node), operand), "num")
        self.fail("operator not allowed (use not, -, +)", node)

    def _BinOp(self, node: ast.BinOp, depth: int) -> Node:
        op = ARITH_OPS.get(type(node.op))
        if op is None:
            joins = {ast.BitAnd: " ('&': write 'and' to join conditions)",
                     ast.BitOr: " ('|': write 'or' to join conditions)"}.get(type(node.op), "")
            self.fail(f"only + - * / are allowed in arithmetic{joins}", node)
        left, right = self.build(node.left, depth), self.build(node.right, depth)
        for side in (left, right):
            if self.type_of(side) != "num":
                self.fail(f"'{op}' needs numbers, got a {_TYPE_WORDS[self.type_of(side)]}", side)
        return self.typed(Arith(self.at(node), op, left, right), "num")

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Node:
        items = tuple(self.build(v, depth) for v in node.values)
        word = "and" if isinstance(node.op, ast.And) else "or"
        for item in items:
            if self.type_of(item) != "bool":
                self.fail(f"'{word}' joins conditions, got a {_TYPE_WORDS[self.type_of(item)]}",
                          item)
        cls = And if word == "and" else Or
        return self.typed(cls(self.at(node), items), "bool")

    def _Compare(self, node: ast.Compare, depth: int) -> Node:
        parts, left = [], self.build(node.left, depth)
        for op_node, right_ast in zip(node.ops, node.comparators):
            if isinstance(op_node, (ast.In, ast.NotIn)):
                parts.append(self._member(left, op_node, right_ast, node))
                left = None
                continue
            if left is None:
                self.fail("'in' cannot be chained", node)
            right = self.build(right_ast, depth)
            op = CMP_OPS.get(type(op_node))
            if op is None:
                self.fail("only < <= > >= == != in and not in compare values", node)
            parts.append(self._comparison(op, left, right, node))
            left = right
        if len(parts) == 1:
            return parts[0]
        return self.typed(And(self.at(node), tuple(parts)), "bool")

    def _comparison(self, op: str, left: Node, right: Node, node: ast.AST) -> Node:
        lt, rt = self.type_of(left), self.type_of(right)
        if "tier" in (lt, rt):
            other = right if lt == "tier" else left
            if not (isinstance(other, Const) and other.value in TIER_RANK):
                self.fail(f"tier compares with a tier name: {', '.join(map(repr, TIERS))}"
                          f"{_tier_hint(other)}", other)
        elif lt != rt:
            self.fail(f"cannot compare a {_TYPE_WORDS[lt]} with a {_TYPE_WORDS[rt]}", node)
        elif lt == "bool":
            self.fail("compare numbers or text; use a signal directly, or not SIGNAL", node)
        elif lt == "str" and op not in ("==", "!="):
            self.fail("text can only be compared with == or !=", node)
        return self.typed(Compare(self.at(node), op, left, right), "bool")

    def _member(self, left: Node | None, op_node: ast.AST, right: ast.AST, node: ast.AST) -> Node:
        if left is None:
            self.fail("'in' cannot be chained", node)
        if not isinstance(right, (ast.List, ast.Tuple)):
            self.fail("'in' needs a literal list, e.g. x in ['China', 'Russia']", right)
        items = []
        for element in right.elts:
            if not isinstance(element, ast.Constant) or isinstance(element.value, bool) \
                    or not isinstance(element.value, (int, float, str)):
                self.fail("list items must be numbers or text", element)
            percent = self.at(element) in self.percent and not isinstance(element.value, str)
            items.append(element.value / 100 if percent else element.value)
        kind = self.type_of(left)
        wanted = str if kind == "str" else (int, float)
        if kind not in ("str", "num") or not all(isinstance(i, wanted) for i in items):
            self.fail(f"list items must match the {_TYPE_WORDS[kind]} on the left", right)
        negated = isinstance(op_node, ast.NotIn)
        return self.typed(Member(self.at(node), left, tuple(items), negated), "bool")


def _tier_hint(node: Node) -> str:
    """`` (did you mean 'high'?)`` for a text that is nearly a tier name ('High', 'very high')."""
    if not (isinstance(node, Const) and isinstance(node.value, str)):
        return ""
    wanted = node.value.strip().lower().replace(" ", "_").replace("-", "_")
    close = [t for t in TIERS if t == wanted] or difflib.get_close_matches(wanted, TIERS, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
