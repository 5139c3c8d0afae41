"""No merge-conflict markers in the sources: one reached main in the door page's template
(templates/panel/attendance.html showed "<<<<<<< HEAD" and both sides' date lines to coordinators)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "staticfiles", "media", "private-media", ".git", "__pycache__"}
SUFFIXES = {".py", ".html", ".txt", ".js", ".css", ".md", ".po", ".json", ".toml", ".ini", ".cfg", ".yml", ".yaml", ".sh", ""}
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def source_files():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIP]
        for name in files:
            path = Path(folder, name)
            if path.suffix in SUFFIXES and path.stat().st_size < 2_000_000:
                yield path


def test_no_file_carries_a_merge_conflict_marker():
    found = []
    for path in source_files():
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        found += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(lines, 1) if line.startswith(MARKERS)]
    assert not found, found
