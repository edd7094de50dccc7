"""The layering rule: the core (and the command line, and the stand-ins) never import Qt."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_FREE = [ROOT / "wizard" / "core", ROOT / "wizard" / "standins", ROOT / "wizard" / "cli.py"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_import_in_the_core_cli_or_stand_ins():
    files = [p for base in QT_FREE for p in ([base] if base.is_file() else base.rglob("*.py"))]
    assert len(files) > 5
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in _imports(p) if n.split(".")[0] in ("PySide6", "shiboken6")
                                         or n.startswith("wizard.ui"))
        for p in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_import_linter_contract_holds():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extras"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core never imports Qt KEPT" in result.stdout


def test_importing_the_core_loads_no_qt():
    code = ("import sys, wizard.core.flow, wizard.core.secrets, wizard.cli\n"
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"
