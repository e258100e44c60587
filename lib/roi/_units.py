"""Units of drivers and lines: read from plain text, multiplied and divided, checked before any number moves.

A unit is written the way a finance partner would: ``$/month``, ``requests/month``,
``$/million tokens``, ``$/GPU-hour``, ``tokens per second``, ``share``. Reading rules:

- ``/`` and the word ``per`` divide by everything up to the next ``/``, ``per`` or ``*``;
  words side by side (or joined by ``-``) multiply, so ``$/GPU-hour`` is dollars per GPU-hour.
- Time words (second, minute, hour, day, week, month, year and their short forms) are one
  dimension: a month is 730 hours (365 × 24 / 12) and a year 12 months, so ``$/year`` and
  ``$/month`` can be added and a yearly cost is booked per month as one twelfth.
- ``$``, ``usd`` and ``dollar`` are money; ``thousand``, ``million``, ``billion`` and plain numbers
  scale (``$/1000 predictions``); ``share``, ``ratio``, ``fraction``, ``1`` and an empty unit have
  no dimension. Any other word counts something (``request``, ``token``, ``GPU``); a trailing
  ``s`` is dropped, so ``requests`` and ``request`` are the same word.
- Percent is refused: shares are written 0 to 1 (0.1 for 10 %).

Each unit keeps the factor that turns a value into base units (dollars, hours, single items),
so arithmetic on base values never needs a conversion in the middle of a formula.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from lib.errors import InputError

# Exact fractions, so a $/month driver in a monthly case is scaled by exactly 1.
HOURS = {
    "second": Fraction(1, 3600), "minute": Fraction(1, 60), "hour": Fraction(1), "day": Fraction(24),
    "week": Fraction(168), "month": Fraction(730), "year": Fraction(8760),
}  # fmt: skip
_TIME_ALIASES = {
    "s": "second", "sec": "second", "min": "minute", "h": "hour", "hr": "hour", "mo": "month", "yr": "year", "y": "year",
}  # fmt: skip
_MONEY = {"$", "usd", "dollar"}
_SCALES = {"thousand": Fraction(10**3), "million": Fraction(10**6), "billion": Fraction(10**9)}
_NONE = {"", "1", "share", "ratio", "fraction"}
TIME = "hour"  # the base word of the time dimension
MONEY = "$"
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*|\$|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
MAX_UNIT_LENGTH = 80
EXAMPLES = "units such as '$/month', 'requests/month', '$/million tokens', '$/GPU-hour' or 'share'"


@dataclass(frozen=True)
class Unit:
    """A unit as base-word exponents and the factor from it to base units.

    Attributes
    ----------
    dims : tuple of (str, int)
        Base word and its power, sorted; money is ``$``, time is ``hour``.
    factor : fractions.Fraction
        What one of this unit is in base units (``$/month`` -> 1/730 dollars per hour), exactly.
    """

    dims: tuple[tuple[str, int], ...] = ()
    factor: Fraction = Fraction(1)

    def __mul__(self, other: Unit) -> Unit:
        """The product of two units."""
        return Unit(_combine(self.dims, other.dims, 1), self.factor * other.factor)

    def __truediv__(self, other: Unit) -> Unit:
        """The quotient of two units."""
        return Unit(_combine(self.dims, other.dims, -1), self.factor / other.factor)

    def power(self, exponent: int) -> Unit:
        """The unit raised to a whole power."""
        return Unit(tuple((w, p * exponent) for w, p in self.dims if p * exponent), self.factor**exponent)

    def in_period(self, period: str) -> float:
        """The factor to base units where time is counted in ``period`` (month or year) instead of hours."""
        return float(self.factor * HOURS[period] ** -self.words().get(TIME, 0))

    @property
    def dimensionless(self) -> bool:
        """True when nothing is left after cancelling (a share, a ratio, a count of periods)."""
        return not self.dims

    def same_kind(self, other: Unit) -> bool:
        """True when both measure the same thing (they may still differ in scale, as $/month and $/year)."""
        return self.dims == other.dims

    def words(self) -> dict[str, int]:
        """Base word -> power."""
        return dict(self.dims)

    def text(self, period: str = "month") -> str:
        """The dimensions in words, time shown in ``period`` (e.g. ``$/month``, ``request/month``, ``share``)."""
        if not self.dims:
            return "share (no unit)"
        shown = {TIME: period}
        top = [_power(shown.get(w, w), p) for w, p in self.dims if p > 0]
        bottom = [_power(shown.get(w, w), -p) for w, p in self.dims if p < 0]
        top_text = "·".join(sorted(top, key=lambda w: (w != "$", w))) or "1"
        return top_text + ("/" + "·".join(bottom) if bottom else "")


def _power(word: str, p: int) -> str:
    return word if p == 1 else f"{word}^{p}"


def _combine(a: tuple[tuple[str, int], ...], b: tuple[tuple[str, int], ...], sign: int) -> tuple[tuple[str, int], ...]:
    out = dict(a)
    for word, p in b:
        out[word] = out.get(word, 0) + sign * p
    return tuple(sorted((w, p) for w, p in out.items() if p))


NONE = Unit()
DOLLARS = Unit(((MONEY, 1),))


def per_period(period: str) -> Unit:
    """Dollars per ``period`` (``month`` or ``year``)."""
    return Unit(((MONEY, 1), (TIME, -1)), 1 / HOURS[period])


def money_per_time(unit: Unit) -> bool:
    """True for dollars per unit of time (a recurring line's unit)."""
    return unit.dims == ((MONEY, 1), (TIME, -1))


def _word_unit(raw: str, *, field: str, text: str) -> Unit:
    if re.fullmatch(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?", raw):
        scale = Fraction(raw)
        if scale <= 0:
            raise InputError(f"{field}: the unit '{text}' scales by zero", expected=EXAMPLES)
        return Unit((), scale)
    word = raw if raw == "$" else raw.lower()
    if word in _SCALES:
        return Unit((), _SCALES[word])
    if word in _MONEY:
        return DOLLARS
    if word in ("1", "share", "shares", "ratio", "ratios", "fraction", "fractions"):
        return NONE
    word = _TIME_ALIASES.get(word, word)
    single = word[:-1] if len(word) > 2 and word.endswith("s") and not word.endswith("ss") else word
    single = _TIME_ALIASES.get(single, single)
    if single in HOURS:
        return Unit(((TIME, 1),), HOURS[single])
    if single in _MONEY:
        return DOLLARS
    return Unit(((single, 1),))


def parse_unit(text: str, *, field: str) -> Unit:
    """Read a unit written in words (see the module's reading rules).

    Parameters
    ----------
    text : str
        The unit, e.g. ``"$/million tokens"``.
    field : str
        Where it was written, for messages (``driver 'price_in'``).

    Returns
    -------
    Unit

    Raises
    ------
    InputError
        For percent, stray characters or a unit too long to be one.

    Examples
    --------
    >>> parse_unit("$/year", field="x").in_period("month") * 12
    1.0
    >>> parse_unit("requests per month", field="x").text()
    'request/month'
    """
    if not isinstance(text, str) or len(text) > MAX_UNIT_LENGTH:
        raise InputError(f"{field}: the unit is not readable", expected=EXAMPLES, found=repr(text)[:40])
    if "%" in text:
        raise InputError(
            f"{field}: percent is not a unit here", expected="shares written 0 to 1 (0.1 for 10 %) with unit 'share'",
            found=repr(text),
        )  # fmt: skip
    spaced = re.sub(r"\bper\b", "/", text.strip(), flags=re.IGNORECASE).replace("·", "*").replace("×", "*")
    if spaced.strip() in _NONE:
        return NONE
    unit, sign = NONE, 1
    for piece in re.split(r"\s*([/*])\s*", spaced):
        if piece in ("/", "*"):
            sign = -1 if piece == "/" else 1
            continue
        group = NONE
        for raw in re.split(r"[\s\-]+", piece.strip()):
            if not raw:
                continue
            match = re.fullmatch(r"(.+?)\^(-?\d+)", raw)
            word, exponent = (match.group(1), int(match.group(2))) if match else (raw, 1)
            if not _WORD.fullmatch(word):
                raise InputError(
                    f"{field}: the unit '{text}' has a part that cannot be read",
                    expected=EXAMPLES,
                    found=repr(word)[:40],
                )
            group = group * _word_unit(word, field=field, text=text).power(exponent)
        unit = unit * group if sign > 0 else unit / group
    return unit
