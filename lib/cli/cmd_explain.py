"""`explain`: SHAP explanations of a model trained here, an uploaded skops model, or bare outputs."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli._common import add_format_option, read_table, write_output
from lib.errors import InputError
from lib.export import to_csv_bytes, to_json


def _features(text: str | None) -> list[str] | None:
    if not text:
        return None
    return [c.strip() for c in text.split(",") if c.strip()]


def _check_ways_in(args: argparse.Namespace) -> None:
    if args.outputs and (args.target or args.model_file):
        raise InputError(
            "choose one way in", expected="--outputs alone, or --target (with --model or --model-file)", found="both"
        )
    if not args.outputs and not args.target:
        raise InputError("nothing to explain", expected="--target COL, --outputs COL, or --model-file with --target")
    if args.model_file and args.model:
        raise InputError("--model trains a new model; it cannot be combined with --model-file")
    if args.max_rows is not None and args.max_rows < 1:
        raise InputError(
            "--max-rows must be positive", expected="a whole number of at least 1", found=str(args.max_rows)
        )


def _explain(args: argparse.Namespace) -> int:
    from lib.explain import explain_outputs, explain_trained, explain_uploaded, load_model
    from lib.explain._exports import summary_markdown

    _check_ways_in(args)
    frame, dataset, _ = read_table(args.data)
    common = {
        "features": _features(args.features),
        "roles": dataset.roles,
        "max_rows": args.max_rows,
        "seed": args.seed,
        "file": dataset.name,
        "sha256": dataset.sha256,
    }
    if args.outputs:
        result = explain_outputs(frame, outputs=args.outputs, fidelity_by=args.fidelity_by, **common)
    elif args.model_file:
        path = Path(args.model_file)
        if not path.is_file():
            raise InputError("no such model file", file=args.model_file, expected="a .skops file")
        model = load_model(path.read_bytes(), path.name, trusted=args.trust or ())
        result = explain_uploaded(
            frame, model, target=args.target, positive=args.positive, model_name=path.name, **common
        )
    else:
        result = explain_trained(
            frame, target=args.target, model=args.model or "hgb", task=args.task, positive=args.positive, **common
        )
    if args.values_out:
        try:
            Path(args.values_out).write_bytes(to_csv_bytes(result.values_frame()))
        except OSError as error:
            raise InputError(f"cannot write the values file ({error.strerror})", file=args.values_out) from error
    write_output(to_json(result.to_dict()) if args.format == "json" else summary_markdown(result))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `explain` sub-command."""
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
    parser.add_argument("--max-rows", type=int, metavar="N", help="explain at most N rows (stratified sample)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument("--task", choices=("classification", "regression"), help="override the inferred task")
    parser.add_argument("--positive", metavar="VALUE", help="the target value that counts as the positive class")
    parser.add_argument("--fidelity-by", metavar="COL", help="with --outputs: report surrogate fidelity per group")
    parser.add_argument("--values-out", metavar="FILE.csv", help="write the SHAP values, base value and output per row")
    add_format_option(parser, ("json", "md"))
    parser.set_defaults(handler=_explain)
