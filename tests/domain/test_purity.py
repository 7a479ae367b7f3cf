"""The domain layer imports only the standard library."""

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "workshop" / "domain"


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_modules_import_only_the_standard_library_and_each_other():
    for path in DOMAIN.rglob("*.py"):
        foreign = {
            root
            for root in imported_roots(path)
            if root not in sys.stdlib_module_names and root != "workshop"
        }
        assert not foreign, f"{path.name} imports {foreign}"


def test_domain_modules_import_nothing_from_the_app_outside_domain():
    for path in DOMAIN.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("workshop"):
                assert node.module.startswith("workshop.domain"), f"{path.name}: {node.module}"
