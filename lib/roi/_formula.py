"""Formulas of investment-case lines: a small arithmetic grammar, parsed and evaluated without ``eval``.

A formula is arithmetic over names (drivers, other lines, and ``t``, the period number):

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | power
    power      := atom ("^" unary)?
    atom       := number | name | name "(" expression ("," expression)* ")" | "(" expression ")"

The only functions are ``min``, ``max`` and ``ceil`` (rounding a count up, e.g. replicas);
``**`` is read as ``^`` and the signs − × ÷ as - * /. Anything else (attributes, strings,
other functions, assignments) is refused with the position it was found at, so no text a
person types is ever run as code. Units are checked on the parsed tree before any number is
computed (see :func:`unit_of`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from lib.errors import InputError
from lib.roi._units import MONEY, NONE, TIME, Unit

MAX_FORMULA_LENGTH = 1000
MAX_NESTING = 40
FUNCTIONS = ("min", "max", "ceil")
PERIOD_NAME = "t"
RESERVED = (*FUNCTIONS, PERIOD_NAME)
GRAMMAR = "driver and line names, numbers, + - * / ^, parentheses, min(...), max(...) and ceil(...)"
_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>\*\*|[-+*/^(),]))"
)
_SIGNS = str.maketrans({"−": "-", "×": "*", "÷": "/"})


@dataclass(frozen=True)
class Node:
    """One node of a parsed formula.

    Attributes
    ----------
    kind : {"number", "name", "negate", "binary", "call"}
    value : float
        The number, for ``number``.
    name : str
        The name, the operator (+ - * / ^) or the function.
    args : tuple of Node
    """

    kind: str
    value: float = 0.0
    name: str = ""
    args: tuple[Node, ...] = ()


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.text, self.where, self.depth = text, where, 0
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        clean = text.translate(_SIGNS)
        while position < len(clean):
            if clean[position:].strip() == "":
                break
            match = _TOKEN.match(clean, position)
            if match is None or match.end() == position:
                start = position + len(clean[position:]) - len(clean[position:].lstrip())
                raise self.refuse(f"the character {clean[start]!r}", start)
            kind = match.lastgroup or ""
            start = match.start(kind)
            token = match.group(kind)
            self.tokens.append((kind, "^" if token == "**" else token, start))
            position = match.end()
        self.i = 0

    def refuse(self, found: str, at: int) -> InputError:
        return InputError(
            f"{self.where}: the formula '{self.text}' cannot be read at character {at + 1}",
            expected=f"arithmetic over {GRAMMAR}",
            found=found,
        )

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, op: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise self.refuse("the end of the formula", len(self.text))
        if op is not None and token[1] != op:
            raise self.refuse(f"'{token[1]}' where '{op}' belongs", token[2])
        self.i += 1
        return token

    def at(self, *ops: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "op" and token[1] in ops

    def parse(self) -> Node:
        if not self.tokens:
            raise InputError(f"{self.where}: the formula is empty", expected=f"arithmetic over {GRAMMAR}")
        node = self.expression()
        token = self.peek()
        if token is not None:
            raise self.refuse(f"'{token[1]}'", token[2])
        return node

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise InputError(f"{self.where}: the formula nests too deeply", expected=f"at most {MAX_NESTING} levels")

    def expression(self) -> Node:
        node = self.term()
        while self.at("+", "-"):
            op = self.take()[1]
            node = Node("binary", name=op, args=(node, self.term()))
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.at("*", "/"):
            op = self.take()[1]
            node = Node("binary", name=op, args=(node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.at("-", "+"):
            op = self.take()[1]
            self.nested()
            inner = self.unary()
            self.depth -= 1
            return Node("negate", args=(inner,)) if op == "-" else inner
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if self.at("^"):
            self.take()
            self.nested()
            exponent = self.unary()
            self.depth -= 1
            return Node("binary", name="^", args=(base, exponent))
        return base

    def atom(self) -> Node:
        kind, token, start = self.take()
        if kind == "number":
            return Node("number", value=float(token))
        if kind == "name":
            if self.at("("):
                if token not in FUNCTIONS:
                    raise self.refuse(f"a call to '{token}' (only min, max and ceil are allowed)", start)
                self.take("(")
                self.nested()
                args = [self.expression()]
                while self.at(","):
                    self.take()
                    args.append(self.expression())
                self.take(")")
                self.depth -= 1
                if token == "ceil" and len(args) != 1:
                    raise self.refuse("ceil(...) with more than one value", start)
                if token != "ceil" and len(args) < 2:
                    raise self.refuse(f"{token}(...) with one value (it needs two or more)", start)
                return Node("call", name=token, args=tuple(args))
            if token in FUNCTIONS:
                raise self.refuse(f"'{token}' without its brackets", start)
            return Node("name", name=token)
        if token == "(":
            self.nested()
            node = self.expression()
            self.take(")")
            self.depth -= 1
            return node
        raise self.refuse(f"'{token}'", start)


def parse(text: str, *, where: str) -> Node:
    """Parse a formula.

    Parameters
    ----------
    text : str
    where : str
        What holds it, for messages (``line 'benefit'``).

    Returns
    -------
    Node

    Raises
    ------
    InputError
        For anything outside the grammar, naming the character where reading stopped.

    Examples
    --------
    >>> parse("volume * (1 + growth) ^ (t - 1)", where="x").name
    '*'
    """
    if not isinstance(text, str) or len(text) > MAX_FORMULA_LENGTH:
        raise InputError(
            f"{where}: the formula must be text of at most {MAX_FORMULA_LENGTH} characters",
            found=f"{len(text):,} characters" if isinstance(text, str) else type(text).__name__,
        )
    return _Parser(text, where).parse()


def names_in(node: Node) -> set[str]:
    """Every name a formula reads (``t`` included)."""
    if node.kind == "name":
        return {node.name}
    found: set[str] = set()
    for arg in node.args:
        found |= names_in(arg)
    return found


def _describe(node: Node) -> str:
    if node.kind == "name":
        return f"'{node.name}'"
    if node.kind == "number":
        return f"the number {node.value:g}"
    return "a part of the formula"


def _whole_power(node: Node) -> int | None:
    if node.kind == "number" and float(node.value).is_integer():
        return int(node.value)
    if node.kind == "negate" and node.args[0].kind == "number" and float(node.args[0].value).is_integer():
        return -int(node.args[0].value)
    return None


def unit_of(node: Node, units: Callable[[str], Unit], *, where: str, period: str = "month") -> Unit:
    """The unit a formula gives, or the error of the first operation whose units do not fit.

    Parameters
    ----------
    node : Node
    units : callable
        Name -> its unit.
    where : str
        For messages.
    period : str
        The case's period, the time unit messages show.

    Returns
    -------
    Unit

    Raises
    ------
    InputError
        Adding, comparing or rounding quantities whose units do not fit, naming them.
    """
    if node.kind == "number":
        return NONE
    if node.kind == "name":
        return units(node.name)
    if node.kind == "negate":
        return unit_of(node.args[0], units, where=where, period=period)
    parts = [unit_of(a, units, where=where, period=period) for a in node.args]
    if node.kind == "call":
        if node.name == "ceil":
            words = parts[0].words()
            if MONEY in words or TIME in words:
                raise InputError(
                    f"{where}: ceil(...) rounds up a count, not money or time",
                    expected="a count such as replicas or GPUs", found=f"{_describe(node.args[0])} in {parts[0].text(period)}",
                )  # fmt: skip
            return parts[0]
        first = parts[0]
        for arg, unit in zip(node.args[1:], parts[1:], strict=True):
            if not unit.same_kind(first):
                raise _mismatch(where, node.name + "(...)", node.args[0], first, arg, unit, period)
        return first
    left, right = parts
    op = node.name
    if op in "+-":
        if not left.same_kind(right):
            raise _mismatch(where, "'+'" if op == "+" else "'-'", node.args[0], left, node.args[1], right, period)
        return left
    if op == "*":
        return left * right
    if op == "/":
        return left / right
    if not right.dimensionless:
        raise InputError(
            f"{where}: a power must be a plain number", expected="an exponent with no unit",
            found=f"{_describe(node.args[1])} in {right.text(period)}",
        )  # fmt: skip
    if left.dimensionless:
        return left
    exponent = _whole_power(node.args[1])
    if exponent is None:
        raise InputError(
            f"{where}: {_describe(node.args[0])} has a unit ({left.text(period)}), so it can only be raised to a whole number",
            expected="a whole-number power such as ^2", found=_describe(node.args[1]),
        )  # fmt: skip
    return left.power(exponent)


def _mismatch(where: str, op: str, a: Node, unit_a: Unit, b: Node, unit_b: Unit, period: str) -> InputError:
    return InputError(
        f"{where}: units do not match in {op}: {_describe(a)} is in {unit_a.text(period)} but {_describe(b)} is in "
        f"{unit_b.text(period)}",
        expected="quantities of the same kind on both sides",
    )


def evaluate(node: Node, values: Mapping[str, np.ndarray | float]) -> np.ndarray:
    """The formula's value, broadcast over the arrays it reads (numbers in base units).

    Parameters
    ----------
    node : Node
    values : mapping
        Name -> value or array.

    Returns
    -------
    numpy.ndarray
    """
    if node.kind == "number":
        return np.asarray(node.value, dtype=float)
    if node.kind == "name":
        return np.asarray(values[node.name], dtype=float)
    args = [evaluate(a, values) for a in node.args]
    if node.kind == "negate":
        return -args[0]
    if node.kind == "call":
        if node.name == "ceil":
            # A hair below a whole number is that number: 3.0000000001 replicas from rounding is 3.
            return np.ceil(args[0] - 1e-9 * np.maximum(1.0, np.abs(args[0])))
        reduce = np.minimum if node.name == "min" else np.maximum
        out = args[0]
        for arg in args[1:]:
            out = reduce(out, arg)
        return out
    left, right = args
    with np.errstate(all="ignore"):  # division by zero and overflow are reported by the caller as bad input
        if node.name == "+":
            return left + right
        if node.name == "-":
            return left - right
        if node.name == "*":
            return left * right
        if node.name == "/":
            return left / right
        return np.power(left, right)


parse_formula = parse
