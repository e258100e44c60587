"""The answer countdown, as plain arithmetic on an injected clock (seconds)."""

from __future__ import annotations

from dataclasses import dataclass

TIME_LIMITS_MINUTES: tuple[int | None, ...] = (2, 5, 10, None)
WARNING_SECONDS = 30.0


@dataclass(frozen=True)
class TimerState:
    """What the countdown shows at one moment."""

    elapsed_seconds: float
    remaining_seconds: float | None  # None when there is no time limit
    label: str
    warning: bool  # the last 30 seconds: shown in red
    expired: bool


def format_clock(seconds: float) -> str:
    """Whole seconds as m:ss (rounded up, so 0:01 shows until time is really up)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class Countdown:
    """A countdown started at ``started_at`` (seconds on any monotonic clock).

    Parameters
    ----------
    started_at : float
        Clock reading when the candidate started.
    limit_minutes : float or None
        The time box; None counts up with no limit.
    """

    started_at: float
    limit_minutes: float | None

    def state(self, now: float) -> TimerState:
        """The countdown at clock reading ``now``."""
        elapsed = max(0.0, now - self.started_at)
        if self.limit_minutes is None:
            return TimerState(elapsed, None, format_clock(elapsed), warning=False, expired=False)
        remaining = max(0.0, self.limit_minutes * 60 - elapsed)
        expired = remaining <= 0
        return TimerState(
            elapsed,
            remaining,
            "Time is up" if expired else format_clock(remaining),
            warning=0 < remaining <= WARNING_SECONDS,
            expired=expired,
        )

    def elapsed_minutes(self, now: float) -> float:
        """Minutes on the clock at ``now`` (not capped at the limit), to two decimals.

        The length of an answer is judged against the time box, not against this: an answer
        drafted elsewhere and pasted in takes seconds on the clock.
        """
        return round(max(0.0, now - self.started_at) / 60, 2)
