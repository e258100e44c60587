"""`explain`: SHAP explanations of a model trained here, an uploaded skops model, or bare outputs."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli._common import EXIT_OK, add_export_options, emit, read_source
from lib.errors import InputError


def _features(text: str | None) -> tuple[str, ...] | None:
    if not text:
        return None
    return tuple(c.strip() for c in text.split(",") if c.strip()) or None


def _check_ways_in(args: argparse.Namespace) -> None:
    if args.outputs and (args.target or args.model_file):
        raise InputError(
            "choose one way in", expected="--outputs alone, or --target (with --model or --model-file)", found="both"
        )
    if not args.outputs and not args.target and not args.model_file:
        raise InputError("nothing to explain", expected="--target COL, --outputs COL, or --model-file with --target")
    if args.model_file and args.model:
        raise InputError("--model trains a new model; it cannot be combined with --model-file")
    if args.max_rows is not None and args.max_rows < 1:
        raise InputError(
            "--max-rows must be positive", expected="a whole number of at least 1", found=str(args.max_rows)
        )
    if args.gap and not args.cohort:
        raise InputError("--gap compares two groups of a column", expected="--cohort COL with --gap A B")


def _model_source(location: str):
    from lib.analysis import file_source
    from lib.data import check_file_size

    path = Path(location)
    if not path.is_file():
        raise InputError("no such model file", file=location, expected="a .skops file")
    check_file_size(path.stat().st_size, name=path.name)
    return file_source(path.read_bytes(), path.name, location=location)


def build_spec(args: argparse.Namespace, *, model_sha256: str | None = None):
    """The :class:`ExplainSpec` the options describe (options another way in ignores are left out).

    Returns
    -------
    ExplainSpec
    """
    from lib.explain import MAX_ROWS, ExplainSpec, WayIn

    way: WayIn = "outputs" if args.outputs else "upload" if args.model_file else "train"
    gap_a, gap_b = args.gap or (None, None)
    return ExplainSpec(
        way_in=way,
        target=args.target,
        model=args.model or "hgb",
        outputs=args.outputs,
        fidelity_by=args.fidelity_by if way == "outputs" else None,
        features=_features(args.features),
        task=args.task if way == "train" else None,
        positive=args.positive if way != "outputs" else None,
        max_rows=MAX_ROWS if args.max_rows is None else args.max_rows,
        seed=args.seed,
        trusted=tuple(args.trust or ()) if way == "upload" else (),
        model_sha256=model_sha256 if way == "upload" else None,
        cohort=args.cohort,
        gap_a=gap_a,
        gap_b=gap_b,
    )


def _explain(args: argparse.Namespace) -> int:
    from lib.explain import run_explain, values_csv

    _check_ways_in(args)
    sources = {}
    locations = {"data": args.data}
    if args.model_file and not args.outputs:
        sources["model"] = _model_source(args.model_file)
        locations["model"] = args.model_file
    # The spec is built (and checked) before the data is read, so bad options fail fast.
    spec = build_spec(args, model_sha256=sources["model"].sha256 if "model" in sources else None)
    sources["data"] = read_source(args.data)
    result = run_explain(spec, sources)
    if args.values_out:
        try:
            Path(args.values_out).write_bytes(values_csv(result))
        except OSError as error:
            raise InputError(f"cannot write the values file ({error.strerror})", file=args.values_out) from error
    emit(spec, result, args, locations=locations)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `explain` sub-command."""
    from lib.analysis import MAX_SEED
    from lib.explain import MAX_COHORT_GROUPS, MAX_ROWS

    parser = subparsers.add_parser(
        "explain",
        help="SHAP explanations: train a model, load a skops model, or fit a surrogate to outputs",
        description="Explain a model with SHAP values that add up to its output, in a stated output space.",
    )
    parser.add_argument("data", metavar="DATA", help="CSV, TSV, Parquet or .xlsx file (or a sample name)")
    parser.add_argument("--target", metavar="COL", help="the outcome column (train here, or score a model file)")
    parser.add_argument("--model", choices=("hgb", "rf", "linear"), help="model family to train (default hgb)")
    parser.add_argument("--outputs", metavar="COL", help="a column of model outputs to explain through a surrogate")
    parser.add_argument("--model-file", metavar="FILE.skops", help="a scikit-learn model saved with skops")
    parser.add_argument(
        "--trust", metavar="TYPE", nargs="+", action="extend", help="approve a type the skops file needs"
    )
    parser.add_argument("--features", metavar="COL,...", help="comma-separated feature columns (default: all usable)")
    parser.add_argument(
        "--max-rows", type=int, metavar="N",
        help=f"explain at most N rows, 1 to {MAX_ROWS:,} (stratified sample; default {MAX_ROWS:,})",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, metavar="S", help=f"random seed, 0 to {MAX_SEED:,} (default 0)")
    parser.add_argument("--task", choices=("classification", "regression"), help="override the inferred task")
    parser.add_argument("--positive", metavar="VALUE", help="the target value that counts as the positive class")
    parser.add_argument("--fidelity-by", metavar="COL", help="with --outputs: report surrogate fidelity per group")
    parser.add_argument(
        "--cohort", metavar="COL",
        help=f"compare feature importance across the groups of COL (at most {MAX_COHORT_GROUPS} groups)",
    )  # fmt: skip
    parser.add_argument(
        "--gap", nargs=2, metavar=("A", "B"),
        help="with --cohort: split the gap in mean output between groups A and B into per-feature contributions",
    )  # fmt: skip
    parser.add_argument("--values-out", metavar="FILE.csv", help="write the SHAP values, base value and output per row")
    add_export_options(parser)
    parser.set_defaults(handler=_explain)
