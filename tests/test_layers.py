"""The package layout is the architecture: each module of ``service/`` imports only modules of
its own layer or of a lower one (README, "Development")."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICE = Path(__file__).resolve().parent.parent / "service"
#: Layers from the bottom up; a module's layer is the first prefix of its dotted name listed.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("service", "service.config", "service.deadline", "service.logs", "service.memory", "service.activity",
     "service.data"),
    ("service.nlp",),
    ("service.extract",),
    ("service.http",),
    ("service.app", "service.__main__", "service.worker", "service.bulk", "service.bulk_ray"),
)


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for position, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), position
    assert rank >= 0, module
    return rank


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SERVICE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def service_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "service" or name.startswith("service.")}


def test_no_module_imports_a_higher_layer() -> None:
    upward = []
    for path in sorted(SERVICE.rglob("*.py")):
        module = module_name(path)
        for imported in service_imports(path):
            if layer_of(imported) > layer_of(module):
                upward.append(f"{module} imports {imported}")
    assert upward == []


def test_every_module_has_a_layer() -> None:
    assert all(layer_of(module_name(p)) >= 0 for p in SERVICE.rglob("*.py"))
