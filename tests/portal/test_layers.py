"""The layers: hub, then reports, then the apps in their order, then the floor; imports point down.

The contract is in .importlinter at the project root; import-linter (a dev requirement) reads
the import statements of every module, so a late `import reports` inside a function counts too.
"""

import configparser
import re
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


# --- The same arrows in the templates ------------------------------------------------------------
# A template belongs to the layer of its folder (templates/<app>/; templates/hub/ is the composition,
# templates/portal/ the floor). It may load the tag libraries, include or extend the templates and
# link to the URL names only of its own layer and those below; the project's frame (base.html and
# the error pages at the top of templates/) is extended by every layer and is not checked.
# Django resolves each of these by name at render time, which is why lint-imports cannot see them.

TEMPLATE_LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
TEMPLATE_NAMED = re.compile(r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/""")
TEMPLATE_URL = re.compile(r"""{%\s*url\s+["'](\w+):""")
TEMPLATE_PLACE = re.compile(r"""{%\s*page_parts\s+["']([\w.]+)["']""")


def layer_ranks():
    """Each root package's height: a higher number is a higher layer; packages on one line share it."""
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    lines = [line.strip() for line in parser["importlinter:contract:layers"]["layers"].strip().splitlines()]
    return {package.strip(): len(lines) - height for height, line in enumerate(lines) for package in line.split("|")}


def template_arrows(templates_dir, project_dir):
    """(template, what it names, the app that owns it) for every name a template uses from a layer
    above its own or beside it."""
    ranks = layer_ranks()
    libraries = {path.stem: path.parent.parent.name for path in Path(project_dir).glob("*/templatetags/*.py")}
    namespaces = {}
    for urls in Path(project_dir).glob("*/urls.py"):
        found = re.search(r"""^app_name\s*=\s*["'](\w+)["']""", urls.read_text(encoding="utf-8"), re.M)
        if found:
            namespaces[found.group(1)] = urls.parent.name
    arrows = []
    for template in sorted(Path(templates_dir).rglob("*")):
        owner = template.relative_to(templates_dir).parts[0]
        if not template.is_file() or owner not in ranks:
            continue
        text = template.read_text(encoding="utf-8")
        named = [(lib, libraries.get(lib)) for found in TEMPLATE_LOAD.finditer(text) for lib in found.group(1).split()]
        named += [(found.group(0), found.group(1)) for found in TEMPLATE_NAMED.finditer(text)]
        named += [(found.group(0), namespaces.get(found.group(1))) for found in TEMPLATE_URL.finditer(text)]
        for name, app in named:
            if app in ranks and app != owner and ranks[app] >= ranks[owner]:
                arrows.append((str(template.relative_to(templates_dir)), name, app))
    return arrows


def test_no_template_names_a_tag_template_or_page_of_a_layer_above_it():
    assert template_arrows(BASE_DIR / "templates", BASE_DIR) == []


def test_it_finds_a_template_that_names_an_app_above_it(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(BASE_DIR / "templates" / "organisations", templates / "organisations")
    (templates / "organisations" / "planted.html").write_text(
        '{% load i18n mailings_tags %}{% include "offers/_offer.html" %}'
        '<a href="{% url \'grants:editor_applications\' organisation.slug %}">x</a>'
        '{% include "portal/_pagination.html" %}{% url "organisations:directory" %}',
        encoding="utf-8",
    )
    assert template_arrows(templates, BASE_DIR) == [
        ("organisations/planted.html", "mailings_tags", "mailings"),
        ("organisations/planted.html", '{% include "offers/', "offers"),
        ("organisations/planted.html", "{% url 'grants:", "grants"),
    ]


def test_every_place_a_template_names_is_a_place_of_the_floor():
    from portal.web.page_parts import PLACES

    named = {found.group(1) for path in (BASE_DIR / "templates").rglob("*.html")
             for found in TEMPLATE_PLACE.finditer(path.read_text(encoding="utf-8"))}
    assert named and not named - set(PLACES)
