"""The rules must stay importable and testable without a web framework."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "earnest"
PURE_PACKAGES = ("domain", "analyzer")
FORBIDDEN = ("django", "ninja")


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def pure_modules() -> list[Path]:
    return sorted(p for package in PURE_PACKAGES for p in (SRC / package).rglob("*.py"))


def test_there_are_pure_modules_to_check():
    assert any(p.parent.name == "domain" for p in pure_modules())


@pytest.mark.parametrize("path", pure_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_packages_import_no_web_framework(path):
    assert not imported_roots(path) & set(FORBIDDEN), f"{path} imports a web framework"
