"""Project rules that ruff cannot see, checked over the source tree (STYLE.md #4 and #15)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "audit", "helpdesk", "privacy", "config"]
PERSONAL_MODELS = {"Customer", "Ticket", "Comment", "Attachment"}


def _python_files(*folders: str):
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            yield node


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Name):
        return node.id
    return ""


def test_it_finds_no_raw_object_lookups_in_views():
    offenders = []
    for path in _python_files("helpdesk", "accounts", "privacy", "audit"):
        if "views" not in path.stem and "views" not in path.parts and path.stem != "api":
            continue
        for call in _calls(path):
            name = _dotted(call.func)
            if name.endswith("get_object_or_404") or any(name.startswith(f"{m}.objects.get") for m in PERSONAL_MODELS):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno} {name}")
    assert offenders == [], "load objects named in a URL through an access helper"


def test_it_deletes_personal_data_only_inside_privacy():
    offenders = []
    for path in _python_files("helpdesk", "accounts", "audit", "config"):
        for call in _calls(path):
            name = _dotted(call.func)
            if name.endswith(".delete") and any(model in name for model in PERSONAL_MODELS):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno} {name}")
    assert offenders == [], "personal data is deleted through privacy/ services only"


def test_it_has_no_safe_filter_on_stored_text_in_templates():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "|safe" in path.read_text() or "{% autoescape off" in path.read_text()
    ]
    assert offenders == []
