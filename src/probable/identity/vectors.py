"""Comparison vectors in Python, evaluated from Splink's own CASE SQL.

A single lookup scores a handful of candidates; asking DuckDB to plan Splink's CASE
statements for them costs ten milliseconds, the evaluation itself microseconds. So
each comparison's `CASE` (Splink's SQL for the model, the very text DuckDB would run)
is parsed with sqlglot, Splink's own SQL library, and compiled into a Python function
with SQL's semantics: three-valued logic (a NULL comparison is not true), DuckDB's
string functions on the same inputs (`jaro_winkler_similarity` and
`damerau_levenshtein` by jellyfish, which agree with DuckDB's to the last bit on
ASCII text, `list_intersect` as a set of non-NULL elements).

Nothing here is a second model: a construct the compiler does not know raises
`UnsupportedSQLError`, and a value it cannot promise to evaluate as DuckDB would (text
that is not ASCII: DuckDB measures bytes, jellyfish characters) raises `NotExactError`;
the lookup then asks DuckDB. Tests hold the two to the same vectors.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jellyfish
import sqlglot
from sqlglot import exp

from probable.identity.model import IdentityModel
from probable.identity.score import splink_settings

Row = Mapping[str, Any]
Value = Callable[[Row], Any]


class UnsupportedSQLError(ValueError):
    """A comparison's SQL uses a construct this evaluator does not compile."""


class NotExactError(ValueError):
    """A value this evaluator cannot promise to compare exactly as DuckDB does."""


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise NotExactError(f"a string function applied to {type(value).__name__}")
    if not value.isascii():
        raise NotExactError("text that is not ASCII")
    return value


def _jaro_winkler(a: Any, b: Any) -> float | None:
    if a is None or b is None:
        return None
    return float(jellyfish.jaro_winkler_similarity(_text(a), _text(b)))


def _damerau_levenshtein(a: Any, b: Any) -> int | None:
    if a is None or b is None:
        return None
    return int(jellyfish.damerau_levenshtein_distance(_text(a), _text(b)))


def _levenshtein(a: Any, b: Any) -> int | None:
    if a is None or b is None:
        return None
    return int(jellyfish.levenshtein_distance(_text(a), _text(b)))


def _list_intersect(a: Any, b: Any) -> list[Any] | None:
    if a is None or b is None:
        return None
    right = {v for v in b if v is not None}
    return list({v for v in a if v is not None and v in right})


def _array_size(a: Any) -> int | None:
    return None if a is None else len(a)


#: DuckDB functions by sqlglot's node class, or by name for those sqlglot leaves anonymous.
_FUNCTIONS: dict[type[exp.Expression] | str, Callable[..., Any]] = {
    exp.JarowinklerSimilarity: _jaro_winkler,
    exp.Levenshtein: _levenshtein,
    exp.ArraySize: _array_size,
    "damerau_levenshtein": _damerau_levenshtein,
    "jaro_winkler_similarity": _jaro_winkler,
    "levenshtein": _levenshtein,
    "list_intersect": _list_intersect,
    "array_intersect": _list_intersect,
    "array_length": _array_size,
    "len": _array_size,
}

_COMPARE: dict[type[exp.Expression], Callable[[Any, Any], bool]] = {
    exp.EQ: operator.eq,
    exp.NEQ: operator.ne,
    exp.GT: operator.gt,
    exp.GTE: operator.ge,
    exp.LT: operator.lt,
    exp.LTE: operator.le,
}


def _comparable(a: Any, b: Any) -> None:
    if isinstance(a, str) != isinstance(b, str) or isinstance(a, list) or isinstance(b, list):
        raise NotExactError(f"comparing {type(a).__name__} with {type(b).__name__}")


def _compile(node: exp.Expression) -> Value:
    """A function of one pair's row giving what DuckDB gives for `node` (None for NULL)."""
    if isinstance(node, exp.Paren):
        return _compile(node.this)
    if isinstance(node, exp.Column):
        name = node.name
        return lambda row: row[name]
    if isinstance(node, exp.Literal):
        literal: Any = node.this if node.is_string else float(node.this)
        if not node.is_string and float(literal).is_integer() and "." not in str(node.this):
            literal = int(literal)
        return lambda row: literal
    if isinstance(node, exp.Neg):
        inner = _compile(node.this)
        return lambda row: None if (v := inner(row)) is None else -v
    if isinstance(node, exp.Null):
        return lambda row: None
    if isinstance(node, exp.Boolean):
        truth = bool(node.this)
        return lambda row: truth
    if isinstance(node, exp.Is):
        if not isinstance(node.expression, exp.Null):
            raise UnsupportedSQLError(f"IS {node.expression.sql()}")
        inner = _compile(node.this)
        return lambda row: inner(row) is None
    if isinstance(node, exp.Not):
        inner = _compile(node.this)
        return lambda row: None if (v := inner(row)) is None else not v
    if isinstance(node, exp.And):
        left, right = _compile(node.this), _compile(node.expression)
        return lambda row: _and(left(row), right(row))
    if isinstance(node, exp.Or):
        left, right = _compile(node.this), _compile(node.expression)
        return lambda row: _or(left(row), right(row))
    if type(node) in _COMPARE:
        compare = _COMPARE[type(node)]
        left, right = _compile(node.this), _compile(node.expression)

        def compared(row: Row) -> bool | None:
            a, b = left(row), right(row)
            if a is None or b is None:
                return None
            _comparable(a, b)
            return compare(a, b)

        return compared
    function = _FUNCTIONS.get(type(node))
    if function is None and isinstance(node, exp.Anonymous):
        function = _FUNCTIONS.get(str(node.this).lower())
    if function is not None:
        args = [_compile(a) for a in _arguments(node)]
        fn = function
        return lambda row: fn(*(a(row) for a in args))
    raise UnsupportedSQLError(f"{type(node).__name__}: {node.sql(dialect='duckdb')}")


def _arguments(node: exp.Expression) -> list[exp.Expression]:
    if isinstance(node, exp.Anonymous):
        return list(node.expressions)
    args = [node.this]
    if node.args.get("expression") is not None:
        args.append(node.expression)
    extra = [k for k, v in node.args.items() if v is not None and k not in ("this", "expression")]
    if extra:
        raise UnsupportedSQLError(f"{node.sql(dialect='duckdb')} with {', '.join(extra)}")
    return args


def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _or(a: bool | None, b: bool | None) -> bool | None:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


@dataclass(frozen=True)
class _Case:
    output: str
    whens: tuple[tuple[Value, int], ...]
    default: int | None

    def __call__(self, row: Row) -> int | None:
        for condition, gamma in self.whens:
            if condition(row) is True:
                return gamma
        return self.default


def _gamma(node: exp.Expression | None) -> int | None:
    if node is None:
        return None
    value = _compile(node)({})
    if not isinstance(value, int):
        raise UnsupportedSQLError(f"a CASE result that is not an integer: {node.sql()}")
    return value


def _compile_case(sql: str) -> _Case:
    try:
        parsed = sqlglot.parse_one(f"SELECT {sql}", read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise UnsupportedSQLError(f"cannot parse {sql!r}: {exc}") from exc
    (selected,) = parsed.expressions
    if not isinstance(selected, exp.Alias) or not isinstance(selected.this, exp.Case):
        raise UnsupportedSQLError(f"not a CASE ... END AS gamma_...: {sql!r}")
    case = selected.this
    if case.this is not None:
        raise UnsupportedSQLError("a CASE with an operand")
    whens = []
    for when in case.args.get("ifs") or []:
        gamma = _gamma(when.args.get("true"))
        if gamma is None:
            raise UnsupportedSQLError(f"a WHEN without a value: {when.sql()}")
        whens.append((_compile(when.this), gamma))
    return _Case(selected.alias, tuple(whens), _gamma(case.args.get("default")))


class ComparisonVectors:
    """Every comparison's gamma for one pair's row (`<column>_l`, `<column>_r`, ...)."""

    def __init__(self, case_statements: Sequence[str]) -> None:
        self._cases = tuple(_compile_case(sql) for sql in case_statements)
        self.outputs = tuple(case.output for case in self._cases)

    def __call__(self, row: Row) -> dict[str, int | None]:
        """The row's gammas by output column (`gamma_<comparison>`); NotExactError if unsure."""
        return {case.output: case(row) for case in self._cases}


def compared_columns(model: IdentityModel) -> list[str]:
    """The prepared columns a pair's row carries for Splink's CASE SQL (each side's), sorted.

    Sorted: Splink gathers them through sets, whose order differs between processes.
    """
    settings = splink_settings(model)
    settings._retain_matching_columns = True
    out: list[str] = []
    for selected in settings._columns_to_select_for_blocking:
        node = sqlglot.parse_one(selected, read="duckdb")
        column = node.this if isinstance(node, exp.Alias) else node
        if isinstance(column, exp.Column) and column.table == "r" and column.name not in out:
            out.append(column.name)
    return sorted(out)


def case_statements(model: IdentityModel) -> list[str]:
    """Splink's CASE statement for each comparison of the model (DuckDB dialect)."""
    return [c._case_statement for c in splink_settings(model).comparisons]
