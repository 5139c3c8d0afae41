"""The layers: hub, then reports, then the apps in their order, then the floor; imports point down.

The contract is in .importlinter at the project root; import-linter (a dev requirement) reads
the import statements of every module, so a late `import reports` inside a function counts too.
"""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CONFIG = BASE_DIR / ".importlinter"


def lint_imports(project_dir):
    """Run import-linter on the packages found in project_dir, in a fresh interpreter (so the
    packages are found there and not in this process's sys.modules)."""
    script = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))"
    return subprocess.run(
        [sys.executable, "-c", script, str(CONFIG)], cwd=project_dir, capture_output=True, text=True, timeout=120
    )


def copy_of_the_project(tmp_path):
    """The root packages of the contracts, Python files only."""
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    packages = parser["importlinter"]["root_packages"].split()
    for package in packages:
        shutil.copytree(
            BASE_DIR / package,
            tmp_path / package,
            ignore=lambda _dir, names: [n for n in names if n == "__pycache__" or (not n.endswith(".py") and "." in n)],
        )
    return tmp_path


def test_it_keeps_every_contract():
    result = lint_imports(BASE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_it_has_no_exceptions_and_places_every_package_in_a_layer():
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    contracts = [parser[name] for name in parser.sections() if name.startswith("importlinter:contract:")]
    assert not [contract.name for contract in contracts if "ignore_imports" in contract]
    (layers,) = [contract for contract in contracts if contract["type"] == "layers"]
    placed = {package.strip() for line in layers["layers"].split() for package in line.split("|")} - {""}
    assert placed == set(parser["importlinter"]["root_packages"].split())


def add_late_import(project, module, imported):
    with open(project / module, "a", encoding="utf-8") as source:
        source.write(f"\n\ndef late():\n    import {imported}  # noqa\n")


def test_it_fails_when_an_app_imports_one_that_imports_it_back(tmp_path):
    # The panel imports organisations (a meeting's attendances are organisations'); organisations
    # importing the panel back, even late inside a function, breaks the layers.
    project = copy_of_the_project(tmp_path)
    add_late_import(project, "organisations/models.py", "panel.selectors")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "organisations.models -> panel.selectors" in result.stdout


def test_it_fails_when_an_app_imports_reports(tmp_path):
    project = copy_of_the_project(tmp_path)
    add_late_import(project, "panel/selectors.py", "reports.selectors")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "panel.selectors -> reports.selectors" in result.stdout


def test_it_fails_when_the_floor_imports_an_app(tmp_path):
    project = copy_of_the_project(tmp_path)
    with open(project / "portal" / "web" / "decorators.py", "a", encoding="utf-8") as access:
        access.write("\n\nfrom organisations import models  # noqa\n")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "portal.web.decorators -> organisations.models" in result.stdout


def import_circles(packages):
    """Groups of modules that import each other round a circle (Tarjan's strongly connected
    components over every import statement, late ones inside functions too)."""
    graph = grimp.build_graph(*packages, cache_dir=None)
    index, low, stack, on_stack, circles = {}, {}, [], set(), []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imported = work[-1]
            following = next(imported, None)
            if following is not None:
                if following not in index:
                    index[following] = low[following] = len(index)
                    stack.append(following)
                    on_stack.add(following)
                    work.append((following, iter(sorted(graph.find_modules_directly_imported_by(following)))))
                elif following in on_stack:
                    low[module] = min(low[module], index[following])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                circle = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    circle.add(member)
                    if member == module:
                        break
                if len(circle) > 1:
                    circles.append(sorted(circle))
    return circles


def test_no_module_imports_one_that_imports_it_back():
    # Within an app too: services.py and tasks.py importing each other used to need a late import
    # inside a function to load at all.
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    assert import_circles(parser["importlinter"]["root_packages"].split()) == []


def test_it_finds_a_circle_closed_by_a_late_import(tmp_path, monkeypatch):
    package = tmp_path / "circle_example"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "selectors.py").write_text("def late():\n    from circle_example import services  # noqa\n")
    (package / "services.py").write_text("from circle_example import selectors  # noqa\n")
    (package / "views.py").write_text("from circle_example import services  # noqa\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_circles(["circle_example"]) == [["circle_example.selectors", "circle_example.services"]]
