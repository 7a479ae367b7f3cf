"""The layers hold: no function-local import of the app hides a cycle, and the import
contracts of pyproject.toml (import-linter) are kept."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workshop"
# The app factory wires every layer and the CLI drives it: they alone import late.
MAY_IMPORT_LATE = {PACKAGE / "__init__.py", PACKAGE / "__main__.py"}


def late_imports(source: str) -> list[tuple[int, str]]:
    """Return (line, module) for each import of the app made inside a function."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                if node.level or module.split(".")[0] == "workshop":
                    found.append((node.lineno, module))
            elif isinstance(node, ast.Import):
                found += [
                    (node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "workshop"
                ]
    return found


def test_no_module_imports_the_app_inside_a_function_but_the_factory_and_the_cli():
    late = [
        f"{path.relative_to(ROOT)}:{line} {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in MAY_IMPORT_LATE
        for line, module in late_imports(path.read_text())
    ]
    assert not late, "imports of the app inside functions (give the code a layer instead):\n" + (
        "\n".join(late)
    )


def test_a_late_import_is_found_whatever_its_form():
    source = (
        "def a():\n    from workshop.services import voting\n"
        "def b():\n    import workshop.db\n"
        "async def c():\n    from . import regions\n"
        "def d():\n    import json\n"
    )
    assert [line for line, _module in late_imports(source)] == [2, 4, 6]


def test_the_import_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run(  # nosec B603  # a fixed command of this venv
        [lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-4000:]
