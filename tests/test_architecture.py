"""The layers keep to one import direction (web -> services -> models; export is pure), read
from the source with `ast` so a stray import fails here rather than in review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tortoise.models import Model

import fairplanner.models

PACKAGE = Path(fairplanner.models.__file__).resolve().parents[1]


def _modules(under: str = "") -> list[Path]:
    root = PACKAGE / under if under else PACKAGE
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts)


def _imports(path: Path) -> set[str]:
    """Every module name `path` imports, absolute (relative imports resolved)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    package = ["fairplanner", *path.relative_to(PACKAGE).parent.parts]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # `from fairplanner.services import people` imports fairplanner.services.people
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _offenders(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad: dict[str, list[str]] = {}
    for path in paths:
        hits = sorted(
            name
            for name in _imports(path)
            if any(name == f or name.startswith(f + ".") for f in forbidden)
        )
        if hits:
            bad[str(path.relative_to(PACKAGE.parent))] = hits
    return bad


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_architecture_sees_every_layer() -> None:
    # Guards the guards: if the layout moved, the checks below would silently pass on nothing.
    for layer in ("models", "services", "web", "export"):
        assert _modules(layer), f"no modules found under fairplanner/{layer}"


def test_starlette_is_imported_only_by_the_web_layer_and_the_app() -> None:
    outside_web = [p for p in _modules() if not _rel(p).startswith("web/") and _rel(p) != "app.py"]

    assert _offenders(outside_web, ("starlette",)) == {}


def test_transactions_are_opened_only_in_services() -> None:
    outside_services = [p for p in _modules() if not _rel(p).startswith("services/")]

    assert _offenders(outside_services, ("tortoise.transactions",)) == {}


def test_models_import_nothing_from_the_layers_above_them() -> None:
    forbidden = ("fairplanner.services", "fairplanner.web", "fairplanner.export")

    assert _offenders(_modules("models"), forbidden) == {}


def test_export_is_pure_with_no_database_or_http() -> None:
    forbidden = (
        "fairplanner.models",
        "fairplanner.services",
        "fairplanner.web",
        "tortoise",
        "starlette",
    )

    assert _offenders(_modules("export"), forbidden) == {}


def test_services_never_import_the_web_layer() -> None:
    assert _offenders(_modules("services"), ("fairplanner.web", "starlette")) == {}


def _model_classes() -> list[type[Model]]:
    return [
        value
        for value in vars(fairplanner.models).values()
        if isinstance(value, type) and issubclass(value, Model) and value is not Model
    ]


def test_every_model_is_re_exported_from_the_models_package() -> None:
    # Tortoise discovers models from `fairplanner.models` alone; a model left out of
    # __init__ would have no table and no migration.
    defined = set()
    for path in _modules("models"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id == "Model" for b in node.bases
            ):
                defined.add(node.name)

    assert defined == {m.__name__ for m in _model_classes()}


@pytest.mark.parametrize("model", _model_classes(), ids=lambda m: m.__name__)
def test_model_docstring_has_no_semicolon(model: type[Model]) -> None:
    # Tortoise copies a model's docstring into the table comment, and a ';' there splits its
    # migration SQL into broken statements on SQLite.
    assert ";" not in (model.__doc__ or "")
    assert ";" not in (model._meta.table_description or "")
    described = {name: f.description for name, f in model._meta.fields_map.items()}
    assert {name: text for name, text in described.items() if text and ";" in text} == {}
