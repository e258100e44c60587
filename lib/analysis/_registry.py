"""The registry of analysis kinds: how each kind runs, reports and writes its own reproduction.

Each feature package registers its kinds in its ``analyses`` module; the
registry finds those modules the first time a kind is looked up, so importing
:mod:`lib.analysis` stays cheap.
"""

from __future__ import annotations

import importlib
import pprint
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lib.analysis._provenance import Provenance, make_provenance
from lib.analysis._report import Report
from lib.analysis._sources import DataSource, describe_sources, open_sources
from lib.analysis._spec import Spec
from lib.errors import InputError


@dataclass(frozen=True)
class Example:
    """A runnable example of a kind, for tests, docs and benchmarks.

    Attributes
    ----------
    spec : Spec
    locations : dict
        Role -> path or bundled sample key of each input.
    title : str
    """

    spec: Spec
    locations: dict[str, str] = field(default_factory=dict)
    title: str = ""


@dataclass(frozen=True)
class AnalysisKind:
    """One kind of analysis.

    Attributes
    ----------
    name : str
        Short name (``bias_audit``); also the workspace's ``kind``.
    title : str
        Human name.
    spec_type : type
        The :class:`Spec` subclass.
    result_type : type
        The result class (a :class:`lib.analysis.Result`).
    run : callable
        ``run(spec, sources) -> result``.
    report : callable
        ``report(result) -> Report``.
    examples : callable
        ``examples() -> sequence of Example``.
    passed : callable, optional
        ``passed(result) -> bool`` for kinds that gate a release (the command line exits 1 when False).
    """

    name: str
    title: str
    spec_type: type[Spec]
    result_type: type[Any]
    run: Callable[[Any, Mapping[str, DataSource]], Any]
    report: Callable[[Any], Report]
    examples: Callable[[], Sequence[Example]] = field(default=lambda: ())
    passed: Callable[[Any], bool] | None = None


_KINDS: dict[str, AnalysisKind] = {}
_LOADED: set[str] = set()


def register(kind: AnalysisKind) -> AnalysisKind:
    """Add a kind to the registry (once per name).

    Parameters
    ----------
    kind : AnalysisKind

    Returns
    -------
    AnalysisKind
        The kind, so a module can keep it in a name.
    """
    existing = _KINDS.get(kind.name)
    if existing is not None and existing.spec_type is not kind.spec_type:
        raise ValueError(f"two analysis kinds are named {kind.name!r}")
    if kind.spec_type.kind != kind.name:
        raise ValueError(f"spec {kind.spec_type.__name__} says kind {kind.spec_type.kind!r}, not {kind.name!r}")
    _KINDS[kind.name] = kind
    return kind


def _feature_packages() -> list[str]:
    import lib

    root = Path(lib.__path__[0])
    return sorted(p.parent.name for p in root.glob("*/analyses.py"))


def _load_feature(package: str) -> None:
    if package not in _LOADED:
        importlib.import_module(f"lib.{package}.analyses")
        _LOADED.add(package)


def _load_features() -> None:
    for package in _feature_packages():
        _load_feature(package)


def kinds() -> dict[str, AnalysisKind]:
    """Every registered kind, by name (every feature package is imported)."""
    _load_features()
    return dict(sorted(_KINDS.items()))


def _likely_package(name: str) -> str | None:
    # A cheap look at the registration modules' text ('name="bias_audit"') says which feature to
    # import first; the full search below stays the authority.
    import lib

    needle = f'name="{name}"'
    for package in _feature_packages():
        text = (Path(lib.__path__[0]) / package / "analyses.py").read_text(encoding="utf-8")
        if needle in text:
            return package
    return None


def _find(name: str) -> AnalysisKind | None:
    # Import feature packages one at a time until the kind turns up, so running one kind
    # does not import every feature's libraries.
    if name in _KINDS:
        return _KINDS[name]
    likely = _likely_package(name)
    if likely is not None:
        _load_feature(likely)
        if name in _KINDS:
            return _KINDS[name]
    for package in _feature_packages():
        _load_feature(package)
        if name in _KINDS:
            return _KINDS[name]
    return None


def get_kind(name: str) -> AnalysisKind:
    """The kind with this name.

    Raises
    ------
    InputError
        For an unknown name, listing the known ones.
    """
    found = _find(name) if isinstance(name, str) else None
    if found is None:
        raise InputError("unknown analysis kind", expected="one of " + ", ".join(kinds()), found=repr(name)[:60])
    return found


def _kind_for_class(item: Any, candidates: list[AnalysisKind]) -> AnalysisKind | None:
    return next((k for k in candidates if isinstance(item, (k.spec_type, k.result_type))), None)


def kind_of(item: Any) -> AnalysisKind:
    """The kind a spec or a result belongs to.

    Raises
    ------
    TypeError
        When the object is neither a registered spec nor a registered result.
    """
    module = type(item).__module__.split(".")
    if len(module) > 1 and module[0] == "lib" and module[1] in _feature_packages():
        _load_feature(module[1])  # the feature the class comes from registers its kinds
    found = _kind_for_class(item, list(_KINDS.values()))
    if found is None:  # import every feature only when the class is still unknown
        found = _kind_for_class(item, list(kinds().values()))
    if found is not None:
        return found
    raise TypeError(f"{type(item).__name__} is not a registered spec or result")


def spec_from_dict(data: Mapping[str, Any], *, kind: str | None = None, file: str | None = None) -> Spec:
    """Read any registered spec from JSON, its kind taken from ``data["kind"]`` (or ``kind``).

    Parameters
    ----------
    data : mapping
    kind : str, optional
        The expected kind (required when ``data`` has none).
    file : str, optional

    Returns
    -------
    Spec

    Raises
    ------
    InputError
        Not an object, no kind, an unknown kind, or any error of the spec itself.
    """
    if not isinstance(data, Mapping):
        raise InputError("a spec must be a JSON object", file=file, expected="{...}", found=type(data).__name__)
    name = data.get("kind", kind)
    if name is None:
        raise InputError("the spec does not say its kind", file=file, expected='a "kind" field')
    if kind is not None and name != kind:
        raise InputError("the spec is for another kind of analysis", file=file, expected=repr(kind), found=repr(name))
    if not isinstance(name, str):
        raise InputError("the spec's kind must be text", file=file, found=repr(name)[:40])
    try:
        spec_type = get_kind(name).spec_type
    except InputError as error:
        raise error.with_file(file) if file else error from None
    return spec_type.from_dict(data, file=file)


def as_spec(spec: Spec | Mapping[str, Any]) -> Spec:
    """A spec object from a spec or its JSON mapping."""
    return spec if isinstance(spec, Spec) else spec_from_dict(spec)


def provenance_for(spec: Spec, sources: Mapping[str, DataSource] | None = None) -> Provenance:
    """The provenance of a run of ``spec`` on ``sources``: the whole spec, every input's hash, the seed.

    Parameters
    ----------
    spec : Spec
    sources : mapping, optional

    Returns
    -------
    Provenance
    """
    return make_provenance(parameters=spec.to_dict(), seed=spec.seed_value, inputs=describe_sources(sources or {}))


def run(
    spec: Spec | Mapping[str, Any],
    sources: Mapping[str, DataSource | str] | None = None,
) -> Any:
    """Run an analysis.

    Parameters
    ----------
    spec : Spec or mapping
        The spec, or its JSON mapping (with ``kind``).
    sources : mapping, optional
        Role -> :class:`DataSource`, or a path / bundled sample key to load.

    Returns
    -------
    Result

    Raises
    ------
    InputError
        For a bad spec, a missing input, or input the analysis cannot use.
    """
    spec = as_spec(spec)
    kind = get_kind(spec.kind)
    needed = spec.required_inputs()
    given = dict(sources or {})
    missing = [role for role in needed if role not in given]
    if missing:
        raise InputError(
            f"the {kind.title} needs its '{missing[0]}' input",
            expected=", ".join(f"{role} ({what})" for role, what in needed.items()),
        )
    paths = {role: value for role, value in given.items() if isinstance(value, str)}
    opened = open_sources(paths, kinds={r: needed.get(r, "table") for r in paths}) if paths else {}
    ready: dict[str, DataSource] = {
        role: opened[role] if isinstance(value, str) else value for role, value in given.items() if role in needed
    }
    return kind.run(spec, ready)


def report_of(result: Any) -> Report:
    """The report of a result, built by its kind.

    Parameters
    ----------
    result : Result

    Returns
    -------
    Report
    """
    kind = kind_of(result)
    built = kind.report(result)
    if built.result is None or built.kind is None:
        built = Report(title=built.title, blocks=built.blocks, result=result, kind=kind.name)
    return built


def result_from_dict(kind: str, data: Mapping[str, Any]) -> Any:
    """Rebuild a result of a kind from its JSON (as saved in the workspace).

    Parameters
    ----------
    kind : str
    data : mapping

    Returns
    -------
    Result
    """
    return get_kind(kind).result_type.from_dict(data)


def _python_literal(value: Any) -> str:
    return pprint.pformat(value, width=100, sort_dicts=False)


def code_for(
    spec: Spec,
    *,
    locations: Mapping[str, str] | None = None,
    expected_sha256: Mapping[str, str | None] | None = None,
) -> str:
    """The Python that reproduces a run through lib and prints the result's JSON.

    Parameters
    ----------
    spec : Spec
    locations : mapping, optional
        Role -> path or bundled sample key of each input.
    expected_sha256 : mapping, optional
        Role -> recorded SHA-256; the code stops when an input differs.

    Returns
    -------
    str
    """
    needed = spec.required_inputs()
    lines = [
        "from lib.analysis import open_inputs, run",
        "",
        f"SPEC = {_python_literal(spec.to_dict())}",
        f"DATA = {_python_literal({r: (locations or {}).get(r) for r in needed})}",
        f"EXPECTED_SHA256 = {_python_literal({r: (expected_sha256 or {}).get(r) for r in needed})}",
        "",
        "sources = open_inputs(SPEC, DATA, expected_sha256=EXPECTED_SHA256)",
        "result = run(SPEC, sources)",
        "print(result.to_json())",
    ]
    return "\n".join(lines) + "\n"


def open_inputs(
    spec: Spec | Mapping[str, Any],
    locations: Mapping[str, str],
    *,
    expected_sha256: Mapping[str, str | None] | None = None,
    base: Path | None = None,
) -> dict[str, DataSource]:
    """Load the inputs a spec needs from their locations, checking their recorded hashes.

    Parameters
    ----------
    spec : Spec or mapping
    locations : mapping
        Role -> path or bundled sample key.
    expected_sha256 : mapping, optional
    base : Path, optional
        Folder that relative paths are read from.

    Returns
    -------
    dict
        Role -> source.
    """
    spec = as_spec(spec)
    return open_sources(locations, kinds=spec.required_inputs(), expected_sha256=expected_sha256, base=base)
