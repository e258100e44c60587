"""Options on common random numbers: P(A beats B) against a direct simulation, regret and break-even by hand."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pytest

from lib.analysis import run
from lib.errors import InputError
from lib.roi import (
    Driver,
    DriverRange,
    Line,
    OptionSpec,
    OptionsSpec,
    expected_regret,
    first_order_share,
)

RATE = 0.1
YEARS = 3


def build_vs_buy(**extra) -> OptionsSpec:
    """Build: capital 500K today, then cases × value a year. Buy: the same gain for a licence a year."""
    return OptionsSpec(
        discount_rate=RATE,
        period="year",
        horizon=YEARS,
        drivers={
            "cases": Driver(40_000.0, "cases/year", DriverRange(20_000.0, 60_000.0, "triangular")),
            "value": Driver(20.0, "$/case", DriverRange(10.0, 30.0, "triangular")),
            "licence": Driver(250_000.0, "$/year", DriverRange(150_000.0, 350_000.0, "triangular")),
        },
        options=(
            OptionSpec(
                name="Build", lines=(Line("gain", "cases * value", "benefit"), Line("kit", "500000", "capital"))
            ),
            OptionSpec(name="Buy", lines=(Line("gain", "cases * value", "benefit"), Line("fee", "licence", "cost"))),
        ),
        n_sim=50_000,
        seed=7,
        **extra,
    )


def test_p_a_beats_b_matches_a_direct_simulation():
    result = run(build_vs_buy(compare=["Build", "Buy"]))
    comparison = result.to_dict()["comparison"]
    assert comparison["pair"] == ["Build", "Buy"]
    # Directly: Build beats Buy when the licence's present value exceeds the 500K build; the gain cancels out.
    rng = np.random.default_rng(12345)
    licence = rng.triangular(150_000, 250_000, 350_000, 400_000)
    annuity = sum(1 / (1 + RATE) ** t for t in range(1, YEARS + 1))
    direct = np.mean(licence * annuity > 500_000)
    assert comparison["p_a_beats_b"] == pytest.approx(direct, abs=0.01)
    # The incremental NPV is the licence's present value minus the build, whatever the gain: common random numbers.
    delta = result.comparison.incremental_draws
    assert np.percentile(delta, 50) == pytest.approx(np.percentile(licence * annuity - 500_000, 50), rel=0.02)
    assert set(comparison["incremental_npv"]) == {"p10", "p50", "p90", "mean"}


def test_common_random_numbers_make_the_difference_narrower_than_either_npv():
    result = run(build_vs_buy(compare=True))
    build, _buy = result.options
    spread_build = build.simulation.p90 - build.simulation.p10
    delta = result.comparison.incremental_npv
    assert delta.p90 - delta.p10 < spread_build / 2
    # both options saw the same futures: their gains are equal draw by draw, so only the licence separates them
    assert result.comparison.break_even.driver == "licence"


def test_the_break_even_value_makes_the_options_worth_the_same():
    result = run(build_vs_buy(compare=["Build", "Buy"]))
    found = result.comparison.break_even
    annuity = sum(1 / (1 + RATE) ** t for t in range(1, YEARS + 1))
    assert found.value == pytest.approx(500_000 / annuity, rel=1e-9)  # 201,057.40 a year
    assert found.within_range and found.a_better_above  # Build wins when the licence costs more
    assert found.share_of_variance > 0.95
    flows_build = [-500_000] + [40_000 * 20] * YEARS
    flows_buy = [0] + [40_000 * 20 - found.value] * YEARS
    assert npf.npv(RATE, flows_build) == pytest.approx(npf.npv(RATE, flows_buy), abs=1e-3)


def test_regret_by_hand_and_in_the_result():
    assert expected_regret({"a": np.array([1.0, 5.0]), "b": np.array([3.0, 2.0])}) == {"a": 1.0, "b": 1.5}
    result = run(build_vs_buy(compare=True))
    delta = result.comparison.incremental_draws
    a, b = result.comparison.pair
    # With two options the regret of A is the mean shortfall where B wins, and the other way round.
    assert result.comparison.regret[a] == pytest.approx(np.mean(np.maximum(-delta, 0)), rel=1e-9)
    assert result.comparison.regret[b] == pytest.approx(np.mean(np.maximum(delta, 0)), rel=1e-9)
    assert set(result.comparison.regret) == {"Build", "Buy"}


def test_compare_true_picks_the_two_best_by_mean_npv():
    spec = build_vs_buy(compare=True)
    result = run(spec)
    means = {o.name: o.simulation.mean for o in result.options}
    assert result.comparison.pair[0] == max(means, key=means.get)


def test_without_ranges_the_comparison_is_certain():
    spec = OptionsSpec(
        discount_rate=0.1, horizon=2, compare=True,
        options=(OptionSpec(name="a", build_cost=10.0, benefit=20.0), OptionSpec(name="b", benefit=5.0)),
    )  # fmt: skip
    comparison = run(spec).comparison
    expected = npf.npv(0.1, [-10, 20, 20]) - npf.npv(0.1, [0, 5, 5])
    assert comparison.incremental_npv.p10 == pytest.approx(expected) == pytest.approx(comparison.incremental_npv.p90)
    assert comparison.p_a_beats_b == 1.0 and comparison.break_even is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"compare": ["Build", "Nope"]}, "'compare' names 'Nope', which is not an option"),
        ({"compare": ["Build"]}, "'compare' must be true or two option names"),
        ({"correlations": [["cases", "nope", 0.3]]}, "names 'nope', which is not a driver"),
    ],
)
def test_bad_comparisons_are_named(change, words):
    with pytest.raises(InputError, match=words):
        build_vs_buy(**change)


def test_option_drivers_may_not_redefine_shared_ones():
    with pytest.raises(InputError, match="option 'Build' defines driver 'cases' again"):
        OptionsSpec(
            discount_rate=0.1, drivers={"cases": Driver(1.0, "cases/year")},
            options=(OptionSpec(name="Build", drivers={"cases": Driver(2.0, "cases/year")},
                                lines=(Line("x", "1", "benefit"),)),),
        )  # fmt: skip


def test_first_order_share_of_an_additive_model_against_its_closed_form():
    # Y = 3 X1 + X2 + 0.5 X3 with independent standard normals: S_i = a_i² / sum(a²) = 9/10.25, 1/10.25, 0.25/10.25.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 100_000))
    y = 3 * x[0] + x[1] + 0.5 * x[2]
    shares = [first_order_share(x[i], y) for i in range(3)]
    assert shares == pytest.approx([9 / 10.25, 1 / 10.25, 0.25 / 10.25], abs=0.01)
    # A driver the output does not depend on explains nothing (the noise of the group means is removed).
    assert first_order_share(rng.normal(size=100_000), y) == pytest.approx(0.0, abs=0.002)
