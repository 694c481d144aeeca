"""The README documents every command, and its quick start is exactly the two set-up commands."""
import re
from pathlib import Path

import pytest
import typer.main

from perfdoc.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_paths(group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        path = (*prefix, name)
        sub = getattr(cmd, "commands", None)
        if sub:
            yield from _command_paths(cmd, path)
        else:
            yield " ".join(path)


COMMANDS = list(_command_paths(typer.main.get_command(app)))


def test_commands_found():
    assert {"check", "lint", "render statement", "render notices", "serve"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_readme(command):
    assert f"perfdoc {command}" in README


def test_quick_start_is_two_commands_that_exist():
    block = README.split("## 快速开始", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    for cmd in commands:
        assert (ROOT / cmd.split()[1]).is_file()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci


@pytest.mark.parametrize("link", sorted(set(re.findall(r"\]\(((?:docs|bench)/[^)]+)\)", README))))
def test_readme_links_exist(link):
    assert (ROOT / link).is_file()
