"""The countdown, driven by an injected clock: no sleeping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lib.practice import Countdown, format_clock


def test_countdown_hand_worked():
    timer = Countdown(started_at=1000.0, limit_minutes=2)
    assert timer.state(1000.0).label == "2:00"
    assert not timer.state(1089.0).warning  # 31 s left
    state = timer.state(1090.0)  # exactly 30 s left
    assert (state.label, state.warning, state.expired) == ("0:30", True, False)
    assert timer.state(1119.5).label == "0:01"  # half a second left still shows 0:01
    done = timer.state(1125.0)
    assert (done.label, done.warning, done.expired, done.remaining_seconds) == ("Time is up", False, True, 0.0)


def test_no_limit_counts_up():
    timer = Countdown(started_at=0.0, limit_minutes=None)
    state = timer.state(75.0)
    assert (state.label, state.remaining_seconds, state.warning, state.expired) == ("1:15", None, False, False)


def test_elapsed_minutes_is_the_clock_not_the_limit():
    timer = Countdown(started_at=0.0, limit_minutes=5)
    assert timer.elapsed_minutes(90.0) == 1.5
    assert timer.elapsed_minutes(10_000.0) == 166.67  # past the limit: recorded, not capped
    assert timer.elapsed_minutes(1.0) == 0.02
    assert timer.elapsed_minutes(-5.0) == 0.0  # a clock read before the start counts as zero
    assert Countdown(started_at=0.0, limit_minutes=None).elapsed_minutes(600.0) == 10


def test_format_clock():
    assert [format_clock(s) for s in (0, 0.2, 59, 60, 61, 599.1)] == ["0:00", "0:01", "0:59", "1:00", "1:01", "10:00"]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from([2, 5, 10]), st.floats(0, 1200), st.floats(0, 1200))
def test_laws_remaining_plus_elapsed_and_monotone(limit, t1, t2):
    timer = Countdown(started_at=0.0, limit_minutes=limit)
    early, late = timer.state(min(t1, t2)), timer.state(max(t1, t2))
    assert late.remaining_seconds <= early.remaining_seconds
    if not early.expired:
        assert abs(early.remaining_seconds + early.elapsed_seconds - limit * 60) < 1e-9
    assert early.warning == (0 < early.remaining_seconds <= 30)
