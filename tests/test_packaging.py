"""The wheel carries templates/, corpora/, models/ and examples/, and an installed copy finds them."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        pytest.skip("hatchling is not installed (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("wheel")
    # copy the sources so the build never writes into the working tree
    src = out / "src-copy"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "out", "build", "dist",
                                                             "__pycache__", ".pytest_cache", "node_modules"))
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                        "-w", str(out), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    wheels = list(out.glob("perfdoc-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contains_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("statement.docx", "circular.docx", "notice.docx"):
        assert f"perfdoc/_data/templates/{name}" in names
    assert "perfdoc/_data/examples/chengjiang-2023.xlsx" in names
    assert any(n.startswith("perfdoc/_data/corpora/") for n in names)
    assert any(n.startswith("perfdoc/_data/models/") for n in names)
    assert "perfdoc/render/api.py" in names and "perfdoc/workbook/schema.py" in names


@pytest.mark.slow
def test_installed_wheel_finds_its_resources_and_renders(wheel, tmp_path):
    """A fresh venv (reusing this interpreter's dependencies) with the wheel installed, not -e."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                   check=True, timeout=120)
    py = venv / "bin" / "python"
    # put this interpreter's site-packages (dependencies) behind the fresh venv's own
    site = [p for p in sys.path if p.endswith("site-packages")]
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)  # a wheel is installed by unpacking it; no network, no pip needed
    env = {"PYTHONPATH": ":".join([str(target), *site]), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    code = (
        "import perfdoc, perfdoc.resources as r, sys;"
        "from pathlib import Path;"
        "assert '_data' in str(r.template('statement.docx')), r.template('statement.docx');"
        "assert str(Path(perfdoc.__file__).parent).startswith(sys.argv[1]);"
        "out = perfdoc.render('notices', r.data_dir('examples') / 'chengjiang-2023.xlsx', sys.argv[2]);"
        "print(len(list(out.glob('*.docx'))))"
    )
    r = subprocess.run([str(py), "-c", code, str(target), str(tmp_path / "notices")], capture_output=True,
                       text=True, env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert int(r.stdout.strip()) > 0
