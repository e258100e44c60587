"""Glossary of drift statistics, and how the common conventions change the numbers."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

from lib.drift._stats import PSI_FLOOR

GLOSSARY = (
    (
        "PSI",
        "Population stability index: sum over bins of (current share - reference share) x ln(current / reference). "
        "Rules of thumb: under 0.1 stable, 0.1 to 0.2 watch, over 0.2 act.",
        "psi",
    ),
    (
        "KS statistic",
        "Largest gap between the two cumulative distributions (0 to 1); its p-value tests 'same "
        "distribution' and shrinks with sample size even for tiny shifts.",
        "ks, ks_pvalue",
    ),
    (
        "Wasserstein distance",
        "Average distance values must move to turn one distribution into the other, in the "
        "column's units; normalised: divided by the reference standard deviation.",
        "wasserstein, wasserstein_norm",
    ),
    (
        "Jensen-Shannon distance",
        "Square root of the Jensen-Shannon divergence in base 2: 0 identical, 1 no overlap.",
        "js",
    ),
    (
        "Chi-square",
        "Test that the category shares are the same on both sides (no continuity correction).",
        "chi2, chi2_pvalue",
    ),
    (
        "Adjusted p-value",
        "Benjamini-Hochberg adjustment over every test of the analysis: calling 'significant' "
        "every adjusted p under 0.05 keeps the expected share of false discoveries at or under 5%.",
        "*_pvalue_adjusted",
    ),
    (
        "Out-of-range share",
        "Share of current values outside the reference's range (numeric) or never seen in the "
        "reference (categorical): training-serving skew.",
        "out_of_range_share, unseen_categories",
    ),
    (
        "Reference band",
        "Mean ± 3 standard deviations of a statistic over reference chunks; a current chunk above "
        "it has moved more than the reference moves against itself.",
        "band, first_crossing",
    ),
    (
        "CBPE",
        "Confidence-based performance estimation: with calibrated scores, expected confusion counts are sums "
        "of scores, so accuracy, precision, recall, F1 and AUC can be estimated before labels arrive.",
        "performance.estimated",
    ),
)


def glossary_frame() -> pd.DataFrame:
    """The glossary as a table: term, meaning, JSON keys."""
    return pd.DataFrame(GLOSSARY, columns=["term", "meaning", "JSON keys"])


def _shares(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    counts = np.histogram(np.clip(values, edges[0], edges[-1]), bins=edges)[0].astype(float)
    return counts / counts.sum()


def _psi(p: np.ndarray, q: np.ndarray) -> float:
    p = np.where(p == 0, PSI_FLOOR, p)
    q = np.where(q == 0, PSI_FLOOR, q)
    return float(((q - p) * np.log(q / p)).sum())


@cache
def conventions_frame(shift: float = 0.25, n: int = 5_000, seed: int = 7) -> pd.DataFrame:
    """The same two samples scored under three binning conventions, so the differences are visible.

    Reference N(0, 1) and current N(``shift``, 1), ``n`` rows each, seeded.

    - Decision Desk: 10 reference-quantile bins, empty bins floored at 0.0001, JS in base 2.
    - Evidently-style: 10 equal-width bins over both samples' combined range, the same floor, JS in natural log.
    - NannyML-style: bins cut on the reference alone by Doane's rule, JS in base 2 (and time thresholds
      learned from reference chunks rather than fixed).

    Returns
    -------
    pandas.DataFrame
        One row per convention: bins, PSI, Jensen-Shannon, Wasserstein / reference SD.
    """
    rng = np.random.default_rng(seed)
    reference, current = rng.normal(0.0, 1.0, n), rng.normal(shift, 1.0, n)
    wasserstein = stats.wasserstein_distance(reference, current) / reference.std()
    quantile = np.quantile(reference, np.linspace(0, 1, 11))
    quantile[0], quantile[-1] = min(reference.min(), current.min()), max(reference.max(), current.max())
    both = np.concatenate([reference, current])
    equal = np.histogram_bin_edges(both, bins=10)
    doane = np.histogram_bin_edges(reference, bins="doane")
    doane[0], doane[-1] = min(doane[0], current.min()), max(doane[-1], current.max())
    rows = []
    for name, edges, base in (
        ("Decision Desk (10 reference quantiles, base-2 JS)", quantile, 2.0),
        ("Evidently-style (10 equal-width bins over both samples, natural-log JS)", equal, np.e),
        ("NannyML-style (Doane's rule on the reference, base-2 JS)", doane, 2.0),
    ):
        p, q = _shares(reference, edges), _shares(current, edges)
        rows.append(
            {
                "convention": name,
                "bins": len(edges) - 1,
                "PSI": _psi(p, q),
                "Jensen-Shannon": float(jensenshannon(p, q, base=base)),
                "Wasserstein / reference SD": wasserstein,
            }
        )
    return pd.DataFrame(rows)
