"""The statement from a user's own outline (提纲) and facts (数据): numbering, run-in headings,
tables, placeholders, written forms, years, and the errors that stop rendering.

Facts are seed 000's (澄江市 2023); the sentences are the tests' own.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

BASE = {"地区": "澄江市", "年度": 2023, "发文机关": "澄江市财政局", "发文代字": "澄财绩",
        "成文日期": dt.date(2023, 12, 31)}

FACTS = [
    {"名称": "部门整体指标数", "数值": 538, "单位": "条"},
    {"名称": "项目支出指标数", "数值": 1958, "单位": "条"},
    {"名称": "指标总数", "单位": "条", "公式": "部门整体指标数 + 项目支出指标数"},
    {"名称": "事前评估金额", "数值": 17969.78, "单位": "万元", "写法": "17,969.78万元"},
    {"名称": "参训人数", "数值": 350, "单位": "人", "写法": "350余人"},
    {"名称": "优秀份数", "数值": 17, "单位": "份"},
    {"名称": "核查表数", "数值": 24, "单位": "份"},
    {"名称": "优秀占比", "单位": "%", "公式": "优秀份数 / 核查表数", "写法": "70.83%"},
]


def workbook(write_xlsx, outline, facts=FACTS, base=None, **sheets):
    content = {"基本信息": dict(BASE, **(base or {})), "提纲": outline, "数据": facts, **sheets}
    return write_xlsx(content)


def render_doc(path, tmp_path, **kw):
    import docx

    from perfdoc import render

    out = render("statement", path, tmp_path / "s.docx", **kw)
    return docx.Document(str(out))


def body(d) -> list[tuple[str, str]]:
    """(style, text) of the paragraphs between the title and the signature."""
    paras = [(p.style.name, p.text) for p in d.paragraphs]
    return [x for x in paras[1:] if x[0] not in ("落款", "Normal")]


NUMBERING = [
    ([1, 2, 2, 1, 3, 4, 4, 2, 1],
     ["一、", "（一）", "（二）", "二、", "1.", "（1）", "（2）", "（一）", "三、"]),
    ([2, 2, 1, 2], ["（一）", "（二）", "一、", "（一）"]),  # starts below level 1
    ([1, 4, 3, 4], ["一、", "（1）", "1.", "（1）"]),  # skips; deeper counters restart under a new parent
]


@pytest.mark.parametrize("levels, numbers", NUMBERING)
def test_heading_numbers_restart_under_each_parent_and_levels_may_skip(write_xlsx, tmp_path, levels, numbers):
    outline = [{"级别": lv, "标题": f"标题{k}"} for k, lv in enumerate(levels)]
    d = render_doc(workbook(write_xlsx, outline, facts=[]), tmp_path)
    got = body(d)
    assert [t for _, t in got] == [f"{n}标题{k}" for k, n in enumerate(numbers)]
    assert [s for s, _ in got] == [f"Heading {lv}" for lv in levels]


@pytest.mark.parametrize("title, content, expected", [
    ("扩大管理范围", "一是将{指标总数}指标纳入指标库。", "（一）扩大管理范围。一是将2496条指标纳入指标库。"),
    ("工作要求：", "按时报送。", "（一）工作要求：按时报送。"),  # the user's punctuation is kept, nothing added
    ("强化结果应用。", "印发通报。", "（一）强化结果应用。印发通报。"),
])
def test_run_in_heading_is_one_paragraph_with_the_heading_font(write_xlsx, tmp_path, title, content, expected):
    outline = [{"级别": 1, "标题": "主要做法"}, {"级别": 2, "标题": title, "内容": content}]
    d = render_doc(workbook(write_xlsx, outline), tmp_path)
    paras = body(d)
    assert paras[1] == ("公文正文", expected)
    p = next(p for p in d.paragraphs if p.text == expected)
    head = [r for r in p.runs if r.text]
    assert head[0].style.name == "段首标题 2" and head[0].text == expected[: len(expected) - len(
        content.replace("{指标总数}", "2496条"))]
    assert all(r.style.name != "段首标题 2" for r in head[1:])


def test_statement_without_any_number(write_xlsx, tmp_path):
    outline = [{"内容": "全面实施预算绩效管理是推进国家治理体系和治理能力现代化的内在要求。"},
               {"级别": 1, "标题": "主要做法"},
               {"内容": "坚持问题导向，加强源头管控（写花括号用 {{ 和 }}）。"}]
    d = render_doc(workbook(write_xlsx, outline, facts=[]), tmp_path)
    assert body(d) == [("公文正文", outline[0]["内容"]), ("Heading 1", "一、主要做法"),
                       ("公文正文", "坚持问题导向，加强源头管控（写花括号用 { 和 }）。")]


def test_table_from_another_sheet_with_placeholders(write_xlsx, tmp_path):
    outline = [{"级别": 1, "标题": "培训情况"}, {"内容": "各期培训如下：", "表格": "培训明细"},
               {"表格": "培训明细"}, {"内容": "以上。"}]
    table = [["期次", "人数", "年度"], ["第一期", 180, "{年度}"], ["第二期", 170, "{年度+1}"]]
    d = render_doc(workbook(write_xlsx, outline, 培训明细=table), tmp_path)
    assert [t for _, t in body(d)] == ["一、培训情况", "各期培训如下：", "以上。"]
    assert len(d.tables) == 2
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert rows == [["期次", "人数", "年度"], ["第一期", "180", "2023"], ["第二期", "170", "2024"]]
    # the table sits between the two paragraphs, in document order
    order = [el.tag.rsplit("}", 1)[1] for el in d.element.body if el.tag.endswith(("}p", "}tbl"))]
    assert order.count("tbl") == 2


SENTENCES = [
    {"级别": 1, "标题": "基础工作"},
    {"内容": "{年度}年纳入指标库{指标总数}绩效指标。"},
    {"内容": "其中项目支出绩效指标{项目支出指标数}。"},
    {"内容": "事前评估金额{事前评估金额}，参训{参训人数}，优秀占{优秀占比}。"},
    {"级别": 2, "标题": "{年度-1}年以来的工作", "内容": "自{年度-1}年起至{年度+1}年，持续推进。"},
    {"内容": "2018年以来，制度逐步健全。"},  # a year that is not the statement's year stays text
]


def test_facts_placed_in_their_writing(write_xlsx, tmp_path):
    d = render_doc(workbook(write_xlsx, SENTENCES), tmp_path)
    assert [t for _, t in body(d)] == [
        "一、基础工作", "2023年纳入指标库2496条绩效指标。", "其中项目支出绩效指标1958条。",
        "事前评估金额17,969.78万元，参训350余人，优秀占70.83%。",
        "（一）2022年以来的工作。自2022年起至2024年，持续推进。", "2018年以来，制度逐步健全。"]


@pytest.mark.parametrize("name, value, changed", [
    ("项目支出指标数", 2000, {"2023年纳入指标库2538条绩效指标。", "其中项目支出绩效指标2000条。"}),
    ("事前评估金额", 245187.06, {"事前评估金额245,187.06万元，参训350余人，优秀占70.83%。"}),
    ("参训人数", 412, {"事前评估金额17,969.78万元，参训410余人，优秀占70.83%。"}),  # 余 kept, down to tens
    ("优秀份数", 12, {"事前评估金额17,969.78万元，参训350余人，优秀占50.00%。"}),
])
def test_changing_one_fact_changes_every_sentence_using_it(write_xlsx, tmp_path, name, value, changed):
    before = [t for _, t in body(render_doc(workbook(write_xlsx, SENTENCES), tmp_path))]
    facts = [dict(f, 数值=value) if f["名称"] == name else f for f in FACTS]
    after = [t for _, t in body(render_doc(workbook(write_xlsx, SENTENCES, facts), tmp_path))]
    assert {a for a, b in zip(after, before) if a != b} == changed


def test_one_year_higher_moves_every_year_mention(write_xlsx, tmp_path):
    before = [t for _, t in body(render_doc(workbook(write_xlsx, SENTENCES), tmp_path))]
    after = [t for _, t in body(render_doc(workbook(write_xlsx, SENTENCES, base={"年度": 2024}), tmp_path))]
    for a, b in zip(after, before):
        years_b = [int(y) for y in re.findall(r"(\d{4})年", b) if y != "2018"]
        years_a = [int(y) for y in re.findall(r"(\d{4})年", a) if y != "2018"]
        assert years_a == [y + 1 for y in years_b]
    assert after[-1] == before[-1] == "2018年以来，制度逐步健全。"


def test_title_from_basic_info(write_xlsx, tmp_path):
    d = render_doc(workbook(write_xlsx, [{"内容": "正文。"}], facts=[],
                            base={"标题": "{地区}{年度}年预算绩效管理工作情况说明"}), tmp_path)
    assert d.paragraphs[0].text.replace("\n", "") == "澄江市2023年预算绩效管理工作情况说明"


# --- errors: exit 2, message names sheet/row/column, nothing written --------------------------------

ERRORS = [
    ("unknown", [{"内容": "共{指标总数}。"}, {"内容": "项目{项目指标数}。"}], FACTS,
     ["工作表“提纲”", "第3行", "内容", "未知的名称“{项目指标数}”", "项目支出指标数"]),
    ("circular", [{"内容": "{甲}"}], [{"名称": "甲", "公式": "乙 + 1"}, {"名称": "乙", "公式": "甲 * 2"}],
     ["工作表“数据”", "第2行", "公式", "循环引用", "甲 → 乙 → 甲"]),
    ("malformed", [{"内容": "{甲}"}], [{"名称": "甲", "数值": 1}, {"名称": "乙", "公式": "SUM(甲,"}],
     ["工作表“数据”", "第3行", "公式", "有误"]),
    ("empty", [], [], ["工作表“提纲”", "是空的"]),
    ("mismatch", [{"内容": "{指标总数}"}], [*FACTS[:2], {"名称": "指标总数", "数值": 2486, "单位": "条",
                                                      "公式": "部门整体指标数 + 项目支出指标数"}],
     ["工作表“数据”", "第4行", "数值", "应为 2496条"]),
    ("level", [{"级别": 5, "标题": "过深"}], [], ["工作表“提纲”", "第2行", "级别"]),
    ("unfilled figure", [{"内容": "覆盖{覆盖率}。"}],
     [{"名称": "覆盖率", "单位": "%", "公式": "目标管理部门数 / 部门总数"}],
     ["工作表“提纲”", "第2行", "“{覆盖率}”无法计算", "目标管理部门数", "工作表“情况说明”中“目标管理部门数”未填写"]),
    ("no table", [{"表格": "不存在的表"}], [], ["工作表“提纲”", "第2行", "表格", "不存在的表"]),
]


@pytest.mark.parametrize("case, outline, facts, parts", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_exit_2_and_write_nothing(write_xlsx, tmp_path, cli, case, outline, facts, parts):
    path = workbook(write_xlsx, outline, facts)
    before = path.read_bytes()
    out = tmp_path / "out.docx"
    r = cli("render", "statement", str(path), "-o", str(out))
    assert r.returncode == 2, r.stderr
    for part in parts:
        assert part in r.stderr, (part, r.stderr)
    assert not out.exists()
    assert path.read_bytes() == before


def test_force_renders_a_mismatch_and_lists_it(write_xlsx, tmp_path, cli):
    facts = [*FACTS[:2], {"名称": "指标总数", "数值": 2486, "单位": "条", "公式": "部门整体指标数 + 项目支出指标数"}]
    path = workbook(write_xlsx, [{"内容": "共{指标总数}。"}], facts)
    out = tmp_path / "out.docx"
    r = cli("render", "statement", str(path), "-o", str(out), "--force")
    assert r.returncode == 0 and "警告" in r.stderr and "应为 2496条" in r.stderr
    import docx

    assert "共2486条。" in [p.text for p in docx.Document(str(out)).paragraphs]


def test_missing_outline_points_to_init_data(tmp_path):
    import yaml

    from perfdoc import render
    from perfdoc.errors import InputError

    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump({"基本信息": {**BASE, "成文日期": "2023-12-31"}, "情况说明": {"部门总数": 61}},
                                   allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        render("statement", path, tmp_path / "s.docx")
    assert "提纲" in exc.value.message and "init-data" in exc.value.hint


def test_unused_fact_is_reported(write_xlsx, tmp_path):
    from perfdoc.render.api import render

    notes = []
    render("statement", workbook(write_xlsx, [{"内容": "共{指标总数}。"}]), tmp_path / "s.docx", warn=notes.append)
    unused = {re.search(r"“([^”]+)”（\{[^}]+\}）没有在提纲中使用", n).group(1) for n in notes}
    assert unused == {"事前评估金额", "参训人数", "优秀占比"}  # the parts of 指标总数/优秀占比 count as used


def test_yaml_twin_renders_the_same(tmp_path):
    import yaml

    from perfdoc import render

    content = {"基本信息": {**BASE, "成文日期": "2023-12-31"}, "提纲": SENTENCES, "数据": FACTS}
    y = tmp_path / "d.yaml"
    y.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    import docx

    d = docx.Document(str(render("statement", y, tmp_path / "y.docx")))
    assert "事前评估金额17,969.78万元，参训350余人，优秀占70.83%。" in [p.text for p in d.paragraphs]


def test_drafting_doc_example_renders_as_shown(write_xlsx, tmp_path):
    """docs/drafting.md: its 提纲 and 数据 tables render to the text it quotes (年度 2024)."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "drafting.md").read_text(encoding="utf-8")
    section = doc.split("### 提纲和数据", 1)[1]
    tables, current = [], None
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if current is None:
                current = [cells]
                tables.append(current)
            elif not set("".join(cells)) <= set("-"):
                current.append(cells)
        else:
            current = None
    (oh, *orows), (fh, *frows) = tables[:2]
    outline = [{h: (int(v) if h == "级别" else v) for h, v in zip(oh, r) if v} for r in orows]
    facts = [{h: v for h, v in zip(fh, r) if v} for r in frows]
    quoted = [ln[2:].replace("**", "").split("（表格）")[0] for ln in section.splitlines() if ln.startswith("> ")]
    table = [["项目", "等级"], ["示例项目", "良"]]
    d = render_doc(workbook(write_xlsx, outline, facts, base={"年度": 2024}, 评价结果=table), tmp_path)
    assert [t for _, t in body(d)] == quoted


def test_unused_document_list_is_reported(write_xlsx, tmp_path):
    from perfdoc.render.api import render

    notes = []
    docs = [{"板块": "指标体系", "文件名称": "关于开展预算绩效指标体系建设工作的通知", "文号": "便笺〔2022〕9号"},
            {"板块": "运行监控", "文件名称": "关于填报绩效运行监控数据的通知"}]
    path = workbook(write_xlsx, [{"内容": "印发{运行监控文件}。"}], facts=[], 制度文件=docs)
    out = render("statement", path, tmp_path / "s.docx", warn=notes.append)
    assert notes == ["提示：工作表“制度文件”的“指标体系文件”（{指标体系文件}）没有在提纲中使用"]
    import docx

    assert "印发《关于填报绩效运行监控数据的通知》。" in [p.text for p in docx.Document(str(out)).paragraphs]


def test_table_of_a_known_sheet_is_formatted_from_its_typed_rows(write_xlsx, tmp_path):
    monitoring = [{"单位名称": "澄江市教育体育局", "项目数": 126, "预算数": 38650.42, "执行数": 31208.77, "执行率": 80.75},
                  {"单位名称": "澄江市民政局", "预算数": 8120.45, "执行数": 6739.97}]
    d = render_doc(workbook(write_xlsx, [{"表格": "监控结果"}], facts=[], 监控结果=monitoring), tmp_path)
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert rows == [["单位名称", "项目数", "预算数（万元）", "执行数（万元）", "执行率"],
                    ["澄江市教育体育局", "126", "38,650.42", "31,208.77", "80.75%"],
                    ["澄江市民政局", "", "8,120.45", "6,739.97", ""]]
