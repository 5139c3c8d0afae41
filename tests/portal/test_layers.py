"""The layers: apps -> the floor; hub and reports -> apps; nothing -> reports.

The contracts are in .importlinter at the project root; import-linter (a dev requirement) reads
the import statements of every module, so a late `import reports` inside a function counts too.
"""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

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


def test_it_fails_when_an_app_imports_reports(tmp_path):
    project = copy_of_the_project(tmp_path)
    with open(project / "panel" / "selectors.py", "a", encoding="utf-8") as selectors:
        selectors.write("\n\ndef late():\n    from reports import selectors  # noqa\n")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "The apps import only the floor and each other" in result.stdout
    assert "panel.selectors -> reports.selectors" in result.stdout


def test_it_fails_when_the_floor_imports_an_app(tmp_path):
    project = copy_of_the_project(tmp_path)
    with open(project / "portal" / "access.py", "a", encoding="utf-8") as access:
        access.write("\n\nfrom organisations import models  # noqa\n")
    result = lint_imports(project)
    assert result.returncode != 0
    assert "portal.access -> organisations.models" in result.stdout
