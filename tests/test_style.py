"""The code base stays ruff-clean and pages stay thin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_check_passes():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_stay_thin_and_lib_has_no_streamlit():
    for page in (ROOT / "pages").glob("*.py"):
        assert len(page.read_text().splitlines()) <= 200, f"{page.name} is over 200 lines: move logic to lib/ or ui/"
    for module in (ROOT / "lib").rglob("*.py"):
        text = module.read_text()
        assert "import streamlit" not in text and "from streamlit" not in text, module


def _package_of(module: Path) -> str:
    """``lib.fairness`` for lib/fairness/_audit.py, ``lib.store`` for lib/store.py, ``ui`` for ui/x.py."""
    parts = module.relative_to(ROOT).with_suffix("").parts
    if parts[0] == "lib" and len(parts) > 2:
        return ".".join(parts[:2])
    return ".".join(parts) if parts[0] == "lib" else parts[0]


def test_no_module_imports_another_packages_private_modules():
    import ast

    offenders = []
    for folder in ("lib", "ui", "pages"):
        for module in (ROOT / folder).rglob("*.py"):
            own = _package_of(module)
            for node in ast.walk(ast.parse(module.read_text())):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                for name in names:
                    if not name.startswith(("lib.", "ui.", "pages.")):
                        continue
                    parts = name.split(".")
                    private = next((i for i, p in enumerate(parts) if p.startswith("_")), None)
                    if private is not None and ".".join(parts[:private]) != own:
                        offenders.append(f"{module.relative_to(ROOT)} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_tests_mirror_lib_folder_by_folder():
    packages = {p.name for p in (ROOT / "lib").iterdir() if (p / "__init__.py").is_file() and p.name != "__pycache__"}
    missing = sorted(p for p in packages if not (ROOT / "tests" / "lib" / p / "__init__.py").is_file())
    assert not missing, f"tests/lib has no folder for: {', '.join(missing)}"
    for module in (ROOT / "lib").glob("*.py"):
        if module.name.startswith("_"):
            continue
        assert (ROOT / "tests" / "lib" / f"test_{module.stem}.py").is_file(), f"no tests/lib/test_{module.stem}.py"


def test_lib_is_clean_under_the_type_checker():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
