"""A user's template cannot run for ever or build gigabytes: each attack ends in a Chinese message,
exit 2, within seconds, and leaves no output."""
from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "chengjiang-2023.xlsx"


def _template(path: Path, *lines: str) -> Path:
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(path))
    return path


ATTACKS = [
    ("nested-range", ["{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"], "循环次数"),
    ("nested-range-output", ["{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"], "循环次数"),
    ("power", ["{{ 7**(10**9) }}"], "乘方"),
    ("power-literal", ["{{ 7 ** 1000000000 }}"], "乘方"),
    ("huge-range", ["{% for i in range(10**9) %}x{% endfor %}"], "上限"),
    ("huge-range-literal", ["{% for i in range(1000000000) %}x{% endfor %}"], "上限"),
    ("repeat", ["{{ 'x' * 1000000000 }}"], "过长"),
    ("center", ["{{ organ|center(1000000000) }}"], "上限"),
    ("recursion", ["{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}"], "递归"),
    ("include", ["{% include 'other.docx' %}"], "其他文件"),
    ("import", ["{% import 'x' as y %}{{ organ }}"], "其他文件"),
]


@pytest.mark.parametrize("name, lines, words", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_template_attack_refused(tmp_path, name, lines, words):
    tpl = _template(tmp_path / "evil.docx", *lines)
    out = tmp_path / "out.docx"
    code = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'perfdoc', 'render', 'circular', sys.argv[1], '-o', sys.argv[2],"
        " '--template', sys.argv[3]], capture_output=True, text=True, timeout=60)\n"
        "print(r.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(r.stderr)\n"
    )
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-c", code, str(EXAMPLE), str(out), str(tpl)],
                       capture_output=True, text=True, timeout=120)
    seconds = time.monotonic() - t0
    rc, rss_kb = (int(x) for x in r.stdout.split())
    assert rc == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert words in r.stderr, r.stderr
    assert not out.exists()
    assert seconds < 10, seconds
    assert rss_kb < 1024 * 1024, rss_kb


def test_real_template_still_renders(tmp_path):
    from perfdoc import render

    tpl = _template(tmp_path / "ok.docx", "{% for i in range(3) %}{{ i * 2 }}、{% endfor %}{{ 2 ** 10 }}",
                    "{{ organ|center(30) }}")
    out = render("circular", EXAMPLE, tmp_path / "ok-out.docx", template=tpl)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "0、2、4、1024" in text
