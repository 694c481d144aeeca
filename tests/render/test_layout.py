"""Layout rules computed before rendering: title lines, 版记 lines, table columns; wording by count."""
from __future__ import annotations

import pytest

from perfdoc.render.layout import (copy_lines, fit_columns, label_columns, split_title, word_breaks,
                                   wrap_positions)


def _em(text: str) -> float:
    return sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in text)


@pytest.mark.parametrize("title, lines", [
    ("关于开展绩效评价的通知", ["关于开展绩效评价的通知"]),
    ("2023年度澄江市预算绩效管理工作开展情况说明", ["2023年度澄江市预算绩效管理", "工作开展情况说明"]),
    ("关于2023年部门预算绩效运行监控情况的通报", ["关于2023年部门预算", "绩效运行监控情况的通报"]),
    ("某县住房和城乡建设局2024年度绩效目标审核意见书", ["某县住房和城乡建设局2024年度", "绩效目标审核意见书"]),
])
def test_title_lines(title, lines):
    assert list(split_title(title)) == lines


@pytest.mark.parametrize("title, shaped", [
    ("2023年度澄江市预算绩效管理工作开展情况说明", True),
    ("关于2024年第三季度部门预算项目支出绩效运行监控和重点项目绩效评价情况的通报", True),
    ("某县人力资源和社会保障局2024年度绩效目标审核意见书", True),
    ("关于印发《某县预算绩效管理工作考核办法》的通知", False),  # the 《》 title cannot be broken
])
def test_title_lines_keep_words_and_shape(title, shaped):
    lines = split_title(title)
    assert "".join(lines) == title
    cuts, k = [], 0
    for line in lines[:-1]:
        k += len(line)
        cuts.append(k)
    allowed = set(word_breaks(title))
    assert all(c in allowed for c in cuts), lines  # every break is a word boundary
    assert all(_em(x) <= 19 for x in lines)
    assert "预算绩效管理" not in title or any("预算绩效管理" in x for x in lines)  # a listed term stays whole
    if shaped and len(lines) == 2:  # trapezoid: the first line is not shorter by more than 1.5 characters
        assert _em(lines[0]) + 1.5 >= _em(lines[1]), lines


def test_word_breaks_never_inside_a_book_title_or_number():
    text = "关于印发《某县预算绩效管理工作考核办法》的通知2024"
    inside = set(range(text.index("《") + 1, text.index("》") + 1)) | {len(text) - 3, len(text) - 2, len(text) - 1}
    assert not inside & set(word_breaks(text))


@pytest.mark.parametrize("items, width, expected", [
    (["县委办", "县人大办"], 29, ["抄送：县委办，县人大办。"]),
    (["县人民政府办公室", "县人大常委会办公室", "县政协办公室", "县纪委监委", "县审计局"], 29,
     ["抄送：县人民政府办公室，县人大常委会办公室，县政协办公室，", "县纪委监委，县审计局。"]),
    ([], 29, []),
])
def test_copy_lines_break_between_items(items, width, expected):
    lines = copy_lines("抄送：", items, width)
    assert lines == expected
    assert all(len(x) <= width - (3 if k else 0) for k, x in enumerate(lines))


def test_fit_columns_keeps_labels_whole_and_gives_the_rest_to_text():
    columns = [["序号", "1", "2"], ["问题类型", "项目管理不到位", "资金使用不规范"],
               ["问题描述", "截至9月底预算执行率低于时间进度，部分资金尚未拨付到项目实施单位。", "短"]]
    widths = fit_columns(columns, 8844)
    assert sum(widths) == 8844
    assert label_columns(columns, 8844) == [True, True, False]
    # the label column holds its longest text on one line; the text column is the widest
    assert (widths[1] - 114) // 240 >= 7
    assert widths[2] == max(widths)


def test_fit_columns_breaks_labels_at_word_boundaries_when_they_must_wrap():
    names = ["澄江市住房和城乡建设局", "澄江市人力资源和社会保障局"]
    columns = [["部门（单位）", *names], ["问题类型", "绩效目标设置不规范", "监控数据填报不实"],
               ["项目名称", "生活垃圾处理暨运维管理补助资金", "小型水库除险加固项目"],
               ["问题描述", "截至9月底预算执行率低于时间进度，部分资金尚未拨付到项目实施单位，项目实施进度滞后。", "x"]]
    widths = fit_columns(columns, 8844)
    for k in range(3):
        cap = (widths[k] - 114) // 240
        for text in columns[k]:
            cuts = wrap_positions(text, cap)
            assert set(cuts) <= set(word_breaks(text)), (text, cuts)


def test_fitted_annex_table_in_the_rendered_circular(rendered):
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(str(rendered["circular"]))
    annex = d.tables[-1]
    grid = [int(g.get(qn("w:w"))) for g in annex._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid != [794, 1701, 1361, 1814, 3175]  # no longer the template's starting grid
    broken = [row.cells[k].text for row in annex.rows[1:] for k in (1, 2, 3) if "\n" in row.cells[k].text]
    assert broken  # the example has labels that must wrap
    for row in annex.rows[1:]:
        for k in (1, 2, 3):
            text = row.cells[k].text
            if "\n" in text:  # a soft break written at a word boundary
                whole = text.replace("\n", "")
                assert len(text.split("\n")[0]) in word_breaks(whole), text


# ----------------------------------------------------------------------------- wording by count

U = [{"unit": "甲局", "rate": 50}, {"unit": "乙局", "rate": 40}]


@pytest.mark.parametrize("above, below, expected", [
    (5, [], "所有部门（单位）均达到时间进度要求"),
    (0, U, "所有部门（单位）均未达到时间进度要求，分别是：甲局（50）、乙局（40）"),
    (0, U[:1], "纳入监控的甲局（50）低于时间进度"),
    (1, U, "仅1个部门（单位）达到时间进度要求，2个部门（单位）低于时间进度，分别是：甲局（50）、乙局（40）"),
    (4, U[:1], "4个部门（单位）达到时间进度要求，仅甲局（50）低于时间进度"),
    (4, U, "4个部门（单位）达到时间进度要求，2个部门（单位）低于时间进度，分别是：甲局（50）、乙局（40）"),
])
def test_progress_clause(above, below, expected):
    from perfdoc.render.context import _progress_clause

    text = _progress_clause(above, below, str)
    assert text == expected
    assert "0个" not in text


@pytest.mark.parametrize("projects, problems, expected", [
    (["高标准农田建设项目"], [("预算执行进度滞后", "进度慢")], "高标准农田建设项目"),
    ([], [("项目管理不到位", "未按合同约定推进")], "项目支出"),
    ([], [("资金使用不规范", "部分项目资金未专款专用")], "项目支出"),
    ([], [("制度建设不健全", "内部控制制度缺失")], "部门整体支出"),
])
def test_notice_scope_follows_the_problems(projects, problems, expected):
    from types import SimpleNamespace

    from perfdoc.render.context import _notice_scope

    items = [SimpleNamespace(kind=k, description=d) for k, d in problems]
    assert _notice_scope(projects, items) == expected
