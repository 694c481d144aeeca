"""Autoescaping and the sandbox: data renders literally, templates cannot reach Python internals."""
from __future__ import annotations

from pathlib import Path

import pytest

TRICKY = ["{{ 7*7 }}", "A&B<C>D", "{% if true %}x{% endif %}", "R&D <研发>中心"]


@pytest.mark.parametrize("value", TRICKY)
def test_data_values_render_literally(mapping, write_xlsx, tmp_path, text_of, value):
    from perfdoc import render

    mapping["问题清单"][0]["问题描述"] = value
    mapping["问题清单"][0]["单位名称"] = f"单位{value}"
    mapping["监控结果"][0]["单位名称"] = value
    data = write_xlsx(mapping)
    notices = render("notices", data, tmp_path / "n")
    first = sorted(notices.glob("*.docx"))[0]
    assert value in text_of(first)
    assert f"单位{value}：" in text_of(first)
    circular = render("circular", data, tmp_path / "c.docx")
    assert value in text_of(circular)
    if "7*7" in value:
        assert "49" not in text_of(first).replace("2024", "")


def _template(path: Path, *lines: str) -> Path:
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(path))
    return path


@pytest.fixture
def example_xlsx() -> Path:
    return Path(__file__).resolve().parents[2] / "examples" / "chengjiang-2023.xlsx"


def test_user_template_is_used(tmp_path, cli, text_of, example_xlsx):
    tpl = _template(tmp_path / "mine.docx", "{{ organ }}发文：{{ number }}", "{{ title }}")
    out = tmp_path / "c.docx"
    r = cli("render", "circular", str(example_xlsx), "-o", str(out), "--template", str(tpl))
    assert r.returncode == 0, r.stderr
    assert "澄江市财政局发文：澄财绩〔2023〕1号" in text_of(out)


@pytest.mark.parametrize("lines, words", [
    (["{{ ''.__class__.__mro__ }}"], ["不允许"]),
    (["{{ organ.__class__.__init__.__globals__ }}"], ["不允许"]),
    (["{{ organ.format.__globals__ }}"], ["不允许"]),
    (["{% if organ %}未闭合"], ["模板语法错误"]),
    (["{{ no_such_variable }}"], ["no_such_variable"]),
    (["{{ organ.no_such_attribute }}"], ["没有的变量"]),
])
def test_bad_user_templates_fail_cleanly(tmp_path, cli, example_xlsx, lines, words):
    tpl = _template(tmp_path / "bad.docx", *lines)
    out = tmp_path / "out.docx"
    r = cli("render", "circular", str(example_xlsx), "-o", str(out), "--template", str(tpl))
    assert r.returncode == 2
    assert "bad.docx" in r.stderr
    for w in words:
        assert w in r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_template_that_is_not_a_docx(tmp_path, cli, example_xlsx):
    fake = tmp_path / "fake.docx"
    fake.write_text("{{ organ }}", encoding="utf-8")
    r = cli("render", "statement", str(example_xlsx), "-o", str(tmp_path / "o.docx"), "--template", str(fake))
    assert r.returncode == 2 and "fake.docx" in r.stderr


def test_user_template_footer_is_rendered_and_escaped(tmp_path, text_of, mapping, write_xlsx):
    import docx

    from perfdoc import render

    d = docx.Document()
    d.add_paragraph("{{ unit }}")
    d.sections[0].footer.paragraphs[0].text = "{{ number }}｜{{ unit }}"
    tpl = tmp_path / "footer.docx"
    d.save(str(tpl))
    mapping["问题清单"] = [dict(mapping["问题清单"][0], 单位名称="R&D<中心>")]
    out = render("notices", write_xlsx(mapping), tmp_path / "n", template=tpl)
    doc = docx.Document(str(sorted(out.glob("*.docx"))[0]))
    assert doc.sections[0].footer.paragraphs[0].text == "澄财绩整改〔2023〕1号｜R&D<中心>"
