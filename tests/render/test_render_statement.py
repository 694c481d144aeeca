"""The 情况说明 rendered from the seed-000 example states every figure the seed states."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest


def pct(part: int, whole: int) -> str:
    """Independent rate formatting: half-up to two decimals."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def wan(x: str) -> str:
    whole, frac = x.split(".")
    return f"{int(whole):,}.{frac}万元"


# Raw facts of seed 000 (澄江市 2023) and the phrase each must appear in (preset outline + example data).
SEED_FACTS = [
    ("指标体系部门数", "61个预算部门"),
    ("指标总数", "2496条绩效指标"),
    ("部门整体指标", "部门整体绩效指标538条"),
    ("项目支出指标", "项目支出绩效指标1958条"),
    ("指标合计", f"{538 + 1958}条"),
    ("培训次数", "培训2次"),
    ("参训人数", "350余人"),
    ("事前评估金额", wan("17969.78")),
    ("评审通过项目", "1260个"),
    ("评审通过金额", wan("407160.08")),
    ("目标管理项目", "1108个"),
    ("目标管理金额", wan("245187.06")),
    ("部门覆盖率", f"占部门总数的{pct(61, 61)}"),
    ("重点监控金额", wan("4317.00")),
    ("国有资本", wan("0.00")),
    ("核查金额", wan("196579.94")),
    ("核查构成", "7个部门整体和17个项目支出"),
    ("自评表份数", f"{7 + 17}份绩效自评表"),
    ("优", f"“优”的17份，占{pct(17, 24)}"),
    ("良", f"“良”的3份，占{pct(3, 24)}"),
    ("中", f"“中”的4份，占{pct(4, 24)}"),
    ("差", f"“差”的0份，占{pct(0, 24)}"),
    ("重点评价金额", wan("50721.43")),
    ("重点评价范围", "1个部门整体支出和4个重点项目"),
    ("第三方", "天健会计师事务所（特殊普通合伙）云南分所"),
    ("截止日期", "2023年12月31日"),
    ("下一年度", "纳入2024年预算安排"),
]


@pytest.mark.parametrize("label, phrase", SEED_FACTS, ids=[f[0] for f in SEED_FACTS])
def test_statement_states_seed_figure(rendered, text_of, label, phrase):
    assert phrase in text_of(rendered["statement"])


def test_independent_rates_are_the_seed_values():
    # the seed's own printed values, as a check on the test's formatter
    assert [pct(17, 24), pct(3, 24), pct(4, 24), pct(61, 61)] == ["70.83%", "12.50%", "16.67%", "100.00%"]


@pytest.mark.parametrize("row", [
    ["澄江市教育体育局", "教育综合改革专项资金", "80.00", "良", "2,000.00", "8,825.34"],  # grade from the score
    ["澄江市林业和草原局", "生态保护项目", "77.50", "中", "", ""],
    ["澄江市工业商贸和科技信息局", "", "部门整体", "", "良"],
])
def test_statement_tables_carry_the_sheet_rows(rendered, row):
    import docx

    d = docx.Document(str(rendered["statement"]))
    rows = [[c.text for c in r.cells] for t in d.tables for r in t.rows]
    assert row in rows


@pytest.mark.parametrize("invented", [
    "75.00分",  # the default pass-mark rule sentence
    "等4个项目",  # a count of the named projects stated as the count of all projects
    "等文件",
    "全过程推进预算绩效管理",  # the preset's opening, replaced by the example's own
])
def test_statement_has_no_invented_sentence(rendered, text_of, invented):
    assert invented not in text_of(rendered["statement"])


def test_statement_headings_are_consecutive(rendered):
    import docx

    d = docx.Document(str(rendered["statement"]))
    level1 = [p.text[:2] for p in d.paragraphs if p.style.name == "Heading 1"]
    assert level1 == ["一、", "二、", "三、", "四、", "五、", "六、"]
    # （一）（二） restart under every level-1 heading
    seq = []
    for p in d.paragraphs:
        if p.style.name == "Heading 1":
            seq.append([])
        elif p.style.name == "Heading 2":
            seq[-1].append(re.match(r"（(.)）", p.text).group(1))
    for children in seq:
        assert children == list("一二三四五")[: len(children)]


def test_statement_page_setup_and_fonts(rendered):
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(str(rendered["statement"]))
    s = d.sections[0]
    mm = lambda length: round(length / 36000)  # noqa: E731  EMU → mm
    assert (mm(s.top_margin), mm(s.bottom_margin), mm(s.left_margin), mm(s.right_margin)) == (37, 35, 28, 26)
    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)

    def east(style):
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        assert not any("Theme" in k for k in rfonts.attrib), "theme fonts would override w:eastAsia"
        return rfonts.get(qn("w:eastAsia"))

    title = next(p for p in d.paragraphs if p.style.name == "公文标题")
    body = next(p for p in d.paragraphs if p.style.name == "公文正文")
    assert east(title.style) == "方正小标宋简体" and title.style.font.size.pt == 22
    assert east(body.style) == "仿宋_GB2312" and body.style.font.size.pt == 16
    assert east(d.styles["Heading 1"]) == "黑体"
    assert east(d.styles["Heading 2"]) == "楷体_GB2312"
    pf = body.style.paragraph_format
    assert pf.line_spacing.pt == 28 and pf.first_line_indent.pt == 32
    defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    # the runs carry no direct font that could override the styles
    for p in d.paragraphs:
        for r in p.runs:
            assert r.element.rPr is None or r.element.rPr.find(qn("w:rFonts")) is None


def test_statement_footer_has_page_field(rendered):
    import docx

    d = docx.Document(str(rendered["statement"]))
    footer = d.sections[0].footer
    xml = footer._element.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
    assert footer.paragraphs[0].text.startswith("— ") and footer.paragraphs[0].text.endswith(" —")
    assert "宋体" in xml and 'w:val="28"' in xml  # 4号 = 14 pt


@pytest.mark.parametrize("name", ["statement.docx", "circular.docx", "notice.docx"])
def test_builtin_templates_need_nothing_outside_the_context(name):
    from pathlib import Path

    from docxtpl import DocxTemplate

    from perfdoc.render.api import prepare
    from perfdoc.render.engine import jinja_env
    from perfdoc.resources import template

    kind = {"statement.docx": "statement", "circular.docx": "circular", "notice.docx": "notices"}[name]
    example = Path(__file__).resolve().parents[2] / "examples" / "chengjiang-2023.xlsx"
    _, contexts = prepare(kind, example)
    tpl = DocxTemplate(str(template(name)))
    assert tpl.get_undeclared_template_variables(jinja_env(), contexts[0]) == set()


def test_templates_rebuild_to_the_same_content(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, str(root / "scripts" / "build_templates.py"), str(tmp_path)], check=True,
                   capture_output=True)
    for name in ("statement.docx", "circular.docx", "notice.docx"):
        assert (tmp_path / name).read_bytes() == (root / "templates" / name).read_bytes()
