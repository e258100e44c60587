"""Make the bundled model outputs and the synthetic spend export, reproducibly.

Run ``python sample_data/make_samples.py``; re-running it rewrites the same
files byte for byte (fixed seeds, single-threaded fits, rounded scores).

Outputs
-------
adult_predictions.csv
    A gradient-boosting classifier (scikit-learn HistGradientBoostingClassifier,
    one-hot encoded categoricals, random_state=0) trained on the Adult training
    split, scored on the Adult test split (16,281 people). Columns: id, label
    (1 = income over $50K), score (predicted probability), prediction
    (score >= 0.5), sex, race, and the model's features.
german_credit_predictions.csv
    A logistic regression (one-hot categoricals, standardised numbers) scored by
    5-fold cross-validation on German Credit, so every applicant has an
    out-of-fold score. label 1 = good credit risk (the favourable outcome).
ml_spend.csv
    SYNTHETIC monthly ML cloud spend of a fictional company, 24 months, 4
    teams: date, team, project, category, resource, cost, gpu_utilisation,
    predictions. Patterns are planted on purpose: an idle development
    instance, GPUs under 70 % utilisation, and a one-month training spike.
prediction_log.csv
    SYNTHETIC prediction log of a fictional churn model, 12 months of 2025,
    2,000 scored customers a month: date, region, channel, age, income,
    tenure_months, sex, age_band, score, prediction, label. The score is
    calibrated on the first months. Planted on purpose for monitoring: from
    September incomes in the south rise and the app channel takes over
    (data drift); from October the outcome depends more on tenure than the
    model knows (its performance slips); labels arrive late, so November and
    December have none.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # single-threaded fits give identical floats every run

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = Path(__file__).resolve().parent
SEED = 0


def _encoder(categorical: list[str], numeric: list[str], *, scale: bool) -> ColumnTransformer:
    return ColumnTransformer(
        [
            ("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
            ("numeric", StandardScaler() if scale else "passthrough", numeric),
        ]
    )


def adult_predictions() -> pd.DataFrame:
    """Train on the Adult training split and score the test split."""
    adult = pd.read_parquet(HERE / "adult.parquet")
    adult = adult.fillna({c: "unknown" for c in ("workclass", "occupation", "native_country")})
    categorical = [
        "workclass",
        "education",
        "marital_status",
        "occupation",
        "relationship",
        "race",
        "sex",
        "native_country",
    ]
    numeric = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]
    features = numeric + categorical
    train = adult[adult["split"] == "train"]
    test = adult[adult["split"] == "test"].reset_index(drop=True)
    model = make_pipeline(
        _encoder(categorical, numeric, scale=False),
        HistGradientBoostingClassifier(random_state=SEED, early_stopping=False, max_iter=200),
    )
    model.fit(train[features], (train["income"] == ">50K").astype(int))
    score = np.round(model.predict_proba(test[features])[:, 1], 6)
    out = pd.DataFrame(
        {
            "id": np.arange(1, len(test) + 1),
            "label": (test["income"] == ">50K").astype(int),
            "score": score,
            "prediction": (score >= 0.5).astype(int),
        }
    )
    return pd.concat([out, test[features]], axis=1)


def german_predictions() -> pd.DataFrame:
    """Out-of-fold scores of a logistic regression on German Credit."""
    german = pd.read_csv(HERE / "german_credit.csv")
    categorical = ["checking_status", "credit_history", "purpose", "savings", "employment_since", "housing", "job"]
    numeric = ["duration_months", "credit_amount", "installment_rate_pct", "age", "existing_credits"]
    features = numeric + categorical
    label = (german["credit_risk"] == "good").astype(int)
    model = make_pipeline(_encoder(categorical, numeric, scale=True), LogisticRegression(max_iter=2000))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    score = np.round(cross_val_predict(model, german[features], label, cv=folds, method="predict_proba")[:, 1], 6)
    out = pd.DataFrame(
        {
            "id": german["id"],
            "label": label,
            "score": score,
            "prediction": (score >= 0.5).astype(int),
            "sex": german["sex"],
            "age_group": german["age_group"],
        }
    )
    return pd.concat([out, german[features]], axis=1)


_RESOURCES = [
    # team, project, category, resource, base monthly $, typical GPU utilisation (None = no GPU), predictions/month
    ("ads", "ctr-model", "training", "p4d.24xlarge training cluster", 61000, 0.78, None),
    ("ads", "ctr-model", "inference", "ctr-ranker endpoint (g5.2xlarge x12)", 42000, 0.55, 900_000_000),
    ("ads", "ctr-model", "data", "feature pipeline (EMR)", 14000, None, None),
    ("search", "query-embeddings", "training", "p3dn.24xlarge tuning jobs", 38000, 0.62, None),
    ("search", "query-embeddings", "inference", "embedding endpoint (g5.xlarge x6)", 21000, 0.71, 400_000_000),
    ("search", "query-embeddings", "data", "vector index storage", 6000, None, None),
    ("recsys", "home-feed", "training", "spot GPU training pool", 27000, 0.81, None),
    ("recsys", "home-feed", "inference", "batch scoring (c6i fleet)", 12000, None, 600_000_000),
    ("recsys", "home-feed", "data", "event warehouse", 9000, None, None),
    ("platform", "shared-notebooks", "other", "dev notebook gpu-01 (idle)", 4200, 0.03, None),
    ("platform", "shared-notebooks", "other", "dev notebook gpu-02", 4200, 0.41, None),
    ("platform", "model-registry", "other", "registry and CI runners", 3000, None, None),
]


def ml_spend() -> pd.DataFrame:
    """Synthetic monthly spend with planted waste and one anomaly."""
    rng = np.random.default_rng(SEED)
    months = pd.date_range("2024-12-01", periods=24, freq="MS")
    rows = []
    for m, month in enumerate(months):
        growth = 1.0 + 0.012 * m
        for team, project, category, resource, base, utilisation, volume in _RESOURCES:
            cost = base * growth * rng.normal(1.0, 0.04)
            if resource.startswith("p3dn") and m == 17:
                cost *= 2.6  # a tuning sweep left running: the planted anomaly
            gpu = None if utilisation is None else float(np.clip(utilisation + rng.normal(0, 0.04), 0.0, 1.0))
            predictions = None if volume is None else int(volume * growth * rng.normal(1.0, 0.03))
            rows.append(
                {
                    "date": month.strftime("%Y-%m-%d"),
                    "team": team,
                    "project": project,
                    "category": category,
                    "resource": resource,
                    "cost": round(cost, 2),
                    "gpu_utilisation": None if gpu is None else round(gpu, 3),
                    "predictions": predictions,
                }
            )
    frame = pd.DataFrame(rows)
    frame["predictions"] = frame["predictions"].astype("Int64")
    return frame


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def prediction_log() -> pd.DataFrame:
    """Synthetic monthly churn-model log with planted data drift, a performance slip and late labels."""
    rng = np.random.default_rng(SEED + 7)
    per_month = 2000
    frames = []
    for m, month in enumerate(pd.date_range("2025-01-01", periods=12, freq="MS")):
        region = rng.choice(["north", "south", "east", "west"], per_month, p=[0.3, 0.25, 0.25, 0.2])
        drifted = m >= 8  # from September
        app_share = 0.65 if drifted else 0.4
        channel = rng.choice(["app", "web", "branch"], per_month, p=[app_share, 0.9 - app_share, 0.1])
        age = np.clip(rng.normal(41, 12, per_month), 18, 85).round().astype(int)
        income = rng.lognormal(10.6, 0.45, per_month)
        if drifted:
            income = np.where(region == "south", income * 1.35, income)
        tenure = rng.gamma(2.0, 14.0, per_month).round().astype(int)
        sex = rng.choice(["female", "male"], per_month)
        # What the model learned: churn falls with tenure and income, rises in the app channel.
        known = -0.4 - 0.035 * tenure - 0.6 * (np.log(income) - 10.6) + 0.5 * (channel == "app") - 0.01 * (age - 41)
        score = np.round(_logistic(known), 6)
        # From October the world moves: short-tenure customers churn far more than the model expects.
        truth = known + (1.2 * (tenure < 12) if m >= 9 else 0.0)
        outcome = (rng.random(per_month) < _logistic(truth)).astype(int)
        label = pd.array(outcome, dtype="Int64")
        if m >= 10:  # labels for November and December have not arrived yet
            label = pd.array([None] * per_month, dtype="Int64")
        frames.append(
            pd.DataFrame(
                {
                    "date": (month + pd.to_timedelta(rng.integers(0, 28, per_month), unit="D")).strftime("%Y-%m-%d"),
                    "region": region,
                    "channel": channel,
                    "age": age,
                    "income": income.round(0).astype(int),
                    "tenure_months": tenure,
                    "sex": sex,
                    "age_band": pd.cut(age, [17, 29, 44, 59, 120], labels=["18-29", "30-44", "45-59", "60+"]).astype(
                        str
                    ),
                    "score": score,
                    "prediction": (score >= 0.3).astype(int),  # the retention team calls from 0.3 up
                    "label": label,
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True).sort_values("date", kind="stable").reset_index(drop=True)
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    return frame


def main() -> None:
    """Write every generated sample file."""
    adult_predictions().to_csv(HERE / "adult_predictions.csv", index=False, lineterminator="\n")
    german_predictions().to_csv(HERE / "german_credit_predictions.csv", index=False, lineterminator="\n")
    ml_spend().to_csv(HERE / "ml_spend.csv", index=False, lineterminator="\n")
    prediction_log().to_csv(HERE / "prediction_log.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
