"""The public entry point perfdoc.render(kind, data, out) as the CLI and the web app call it."""
from __future__ import annotations

from pathlib import Path

import pytest

from perfdoc.errors import UsageError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "chengjiang-2023.xlsx"


def test_render_is_callable_after_importing_the_render_package(tmp_path):
    import perfdoc
    import perfdoc.render.api  # noqa: F401  (sets the attribute perfdoc.render to the package)

    out = perfdoc.render("statement", EXAMPLE, tmp_path / "s.docx")
    assert out == tmp_path / "s.docx" and out.stat().st_size > 5000
    folder = perfdoc.render("notices", str(EXAMPLE), str(tmp_path / "n"))
    assert Path(folder).is_dir()


@pytest.mark.parametrize("kind, out, words", [
    ("report", "x.docx", "未知的文书类型"),
    ("statement", "x.txt", ".docx"),
    ("circular", "x", ".docx"),
])
def test_usage_errors(tmp_path, kind, out, words):
    from perfdoc import render

    with pytest.raises(UsageError) as err:
        render(kind, EXAMPLE, tmp_path / out)
    assert words in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_output_never_overwrites_input(tmp_path):
    import shutil

    from perfdoc import render

    data = tmp_path / "data.docx"
    shutil.copyfile(EXAMPLE, data)  # a workbook misnamed .docx is still read by content
    before = data.read_bytes()
    with pytest.raises(UsageError):
        render("statement", data, data)
    assert data.read_bytes() == before


def test_yaml_and_xlsx_give_the_same_statement(tmp_path, text_of):
    from perfdoc import render

    a = render("statement", EXAMPLE, tmp_path / "a.docx")
    b = render("statement", EXAMPLE.with_suffix(".yaml"), tmp_path / "b.docx")
    assert text_of(a) == text_of(b)


def test_changed_content_is_read_again(tmp_path, mapping, write_xlsx, text_of):
    from perfdoc import render

    path = write_xlsx(mapping)
    first = text_of(render("statement", path, tmp_path / "a.docx"))
    mapping["情况说明"]["培训次数"] = 3
    write_xlsx(mapping)  # same name, new content
    second = text_of(render("statement", path, tmp_path / "b.docx"))
    assert "培训2次" in first and "培训3次" in second


def test_cli_prints_where_the_documents_are(tmp_path, cli):
    r = cli("render", "notices", str(EXAMPLE), "-o", str(tmp_path / "n"))
    assert r.returncode == 0
    assert "已生成整改通知单 5 份及整改台账" in r.stdout and str(tmp_path / "n") in r.stdout
