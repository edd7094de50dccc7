"""The shape of the house: the core, the application layer, the command line and the stand-ins never import Qt;
no import circles; modules, functions and classes stay small enough to read."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_FREE = [ROOT / "wizard" / "core", ROOT / "wizard" / "app", ROOT / "wizard" / "standins", ROOT / "wizard" / "cli"]
MAX_MODULE_LINES, MAX_FUNCTION_LINES, MAX_METHODS = 400, 50, 20


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_import_in_the_core_the_application_layer_the_cli_or_the_stand_ins():
    files = [p for base in QT_FREE for p in ([base] if base.is_file() else base.rglob("*.py"))]
    assert len(files) > 5
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in _imports(p) if n.split(".")[0] in ("PySide6", "shiboken6")
                                         or n.startswith("wizard.ui"))
        for p in files
    }
    # The one exception, as in the import-linter contract: `report OUT.pdf` lays the PDF out with Qt, lazily.
    offenders["wizard/cli/report.py"] = [n for n in offenders.get("wizard/cli/report.py", [])
                                         if n != "wizard.ui.report_pdf"]
    assert {k: v for k, v in offenders.items() if v} == {}


def test_import_linter_contract_holds():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extras"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 6 kept, 0 broken." in result.stdout


def test_no_import_circle_in_the_wizard():
    import grimp  # import-linter's graph builder (test extras)

    graph = grimp.build_graph("wizard", exclude_type_checking_imports=True)  # what runs, not what is type-checked
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(imported=module, importer=imported):
                circles.append(f"{module} -> {imported} -> ... -> {module}")
    assert circles == []


def _product_files() -> list[Path]:
    return sorted((ROOT / "wizard").rglob("*.py"))


def test_no_product_module_is_over_400_lines():
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in _product_files()}
    assert {name: lines for name, lines in sizes.items() if lines > MAX_MODULE_LINES} == {}


def test_no_function_is_over_50_lines():
    long = []
    for path in _product_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def test_importing_the_core_loads_no_qt():
    code = ("import sys, wizard.app.session, wizard.app.flow, wizard.core.secrets, wizard.cli\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_no_class_has_more_than_20_methods():
    big = []
    for path in _product_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                methods = [n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
                if len(methods) > MAX_METHODS:
                    big.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({len(methods)} methods)")
    assert big == []
