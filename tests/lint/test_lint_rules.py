"""Every rule family on tables of (paragraphs, expected findings), read from .txt and from .docx."""
from __future__ import annotations

import pytest

from perfdoc import lint_file, lint_text

KINDS = ("txt", "docx")

# (paragraphs, code, expected suggestion or None, expected number of findings of that code)
FLAGGED = [
    # NUMBERING
    (["一、总体情况", "（一）基本情况", "（三）主要做法"], "NUMBERING", "（二）", 1),
    (["一、总体情况", "三、存在问题"], "NUMBERING", "二、", 1),
    (["1、总体情况", "（一）基本情况", "二、存在问题"], "NUMBERING", "一、", 1),
    (["一、总体情况", "（一）基本情况", "（2）主要做法", "（三）存在问题"], "NUMBERING", "（二）", 1),
    (["一、总体情况", "（一）基本情况", "1、开展自评", "2.开展评价"], "NUMBERING", "1.", 1),
    (["一、总体情况", "（一）基本情况", "1.开展自评", "2、开展评价", "（二）主要做法"], "NUMBERING", "2.", 1),
    (["一、总体情况", "（一）基本情况", "1.开展自评", "3.开展评价"], "NUMBERING", "2.", 1),
    # PUNCT_PAIR
    (["印发《项目支出事前绩效评估管理办法（试行）》》。"], "PUNCT_PAIR", "删除多余的“》”", 1),
    (["印发《关于转发《预算法》的通知》。"], "PUNCT_PAIR", "〈", 1),
    (["根据〈预算法〉有关规定。"], "PUNCT_PAIR", "《", 1),
    (["要求各部门（单位按时报送。"], "PUNCT_PAIR", "补上“）”", 1),
    (["做到“花钱必问效，无效必问责。"], "PUNCT_PAIR", "补上“””", 1),
    (["自评等级为“优“的17份。"], "PUNCT_PAIR", "补上“””", 2),
    (["按《办法（试行》）执行。"], "PUNCT_PAIR", "在“》”前补上“）”", 1),
    # PUNCT_WIDTH
    (["(一）加强绩效评价的宣传教育"], "PUNCT_WIDTH", "（一）", 1),
    (["各部门,各单位要高度重视"], "PUNCT_WIDTH", "，", 1),
    (["印发管理办法(试行)的通知"], "PUNCT_WIDTH", "（试行）", 1),
    (["主要问题:目标不明确"], "PUNCT_WIDTH", "：", 1),
    # DOC_NUMBER
    (["印发通报（澄财绩[2023]1号）。"], "DOC_NUMBER", "〔2023〕1号", 1),
    (["印发通报（澄财绩【2023】1号）。"], "DOC_NUMBER", "〔2023〕1号", 1),
    (["根据澄财绩（2023）1号文件要求"], "DOC_NUMBER", "〔2023〕1号", 1),
    (["印发通报（澄财绩〔2023〕01号）。"], "DOC_NUMBER", "〔2023〕1号", 1),
    (["印发通报（澄财绩〔2023〕第1号）。"], "DOC_NUMBER", "〔2023〕1号", 1),
    # NUMBER_FORMAT
    (["评估金额１７９６９万元。"], "NUMBER_FORMAT", "17969", 1),
    (["涉及资金3，456，789元。"], "NUMBER_FORMAT", "3,456,789", 1),
    (["安排100万元，调减8,825.34万元，监控4,317.00万元。"], "NUMBER_FORMAT", "100.00万元", 1),
    # DATE_FORMAT
    (["截至2023.12.31，全部完成。"], "DATE_FORMAT", "2023年12月31日", 1),
    (["截至2023-12-31，全部完成。"], "DATE_FORMAT", "2023年12月31日", 1),
    (["截至2023/12/31，全部完成。"], "DATE_FORMAT", "2023年12月31日", 1),
    (["截至二〇二三年十二月三十一日，全部完成。"], "DATE_FORMAT", "2023年12月31日", 1),
    (["于2023年01月05日召开会议。"], "DATE_FORMAT", "2023年1月5日", 1),
    (["于2023年2月30日召开会议。"], "DATE_FORMAT", None, 1),
    # ARITHMETIC: one stated figure changed in each
    (["共纳入指标库2496条绩效指标，其中：部门整体绩效指标539条，项目支出绩效指标1958条。"],
     "ARITHMETIC", "2497条", 1),
    (["本次24个绩效自评表中，自评等级为“优”的17份，占70.83%；自评等级为“良”的3份，占13.50%；"
      "自评等级为“中”的4份，占16.67%。"], "ARITHMETIC", "12.50%", 1),
    (["本次24个绩效自评表中，自评等级为“优”的18份，占70.83%；自评等级为“良”的3份，占12.50%；"
      "自评等级为“中”的4份，占16.67%。"], "ARITHMETIC", "75.00%", 1),
    (["全市共有61个预算部门，开展绩效目标管理的部门数有61个，占部门总数的98.36%。"], "ARITHMETIC", "100.00%", 1),
    (["项目预算由500.00万元调整为450.00万元，减少40.00万元。"], "ARITHMETIC", "50.00万元", 1),
    (["共有项目100个，涉及资金5,000.00万元，其中：教育项目60个，卫生项目45个。"], "ARITHMETIC", "105个", 1),
    (["该项目申报金额10,825.34万元，一上拟安排2,000.00万元，调减8,525.34万元。"], "ARITHMETIC", "8,825.34万元", 1),
    (["全年预算数1,000.00万元，执行数856.30万元，执行率86.63%。"], "ARITHMETIC", "85.63%", 1),
    (["执行率达到50%以上的部门有23个，占37.70%；执行率在30%至50%之间的部门有25个，占40.89%；"
      "执行率低于30%的部门有13个，占21.31%。"], "ARITHMETIC", f"{25 / 61 * 100:.2f}%", 1),
    # TYPO
    (["严格落实“花钱必问笑、无效必问责”要求。"], "TYPO", "花钱必问效", 1),
    (["加强绩效运形监控。"], "TYPO", "绩效运行监控", 1),
    (["推动预算绩效管理提质增笑。"], "TYPO", "提质增效", 1),
    (["确保重点民生项目应保尽宝。"], "TYPO", "应保尽保", 1),
    (["建设分行业分令域指标体系。"], "TYPO", "分行业分领域", 1),
    (["推进“全方位、全过程、全复盖”预算绩效管理。"], "TYPO", "全覆盖", 1),
    (["树立讲绩效、重绩效、用积效的理念。"], "TYPO", "用绩效", 1),
    (["防患于未燃。"], "TYPO", "防患于未然", 1),
]

# paragraphs that must raise nothing of the given code (correct drafts, near misses that are real)
CLEAN = [
    (["一、总体情况", "（一）基本情况", "1.开展自评", "（1）范围", "（2）方式", "2.开展评价", "（二）主要做法",
      "二、存在问题", "（一）认识不足"], "NUMBERING"),
    (["一、总体情况", "（一）基本情况", "（二）主要做法", "附件", "一、评价指标"], "NUMBERING"),
    (["一、总体情况", "（一）基本情况", "1.开展自评", "2.开展评价", "（二）主要做法", "二、存在问题",
      "（一）认识不足"], "NUMBERING"),
    (["印发《关于转发〈预算法〉的通知》（试行）及“三保”要求。"], "PUNCT_PAIR"),
    (["1.开展评估，评估金额17,969.78万元，1－6月，网址https://www.mof.gov.cn/a.html，时间10:30。"], "PUNCT_WIDTH"),
    (["印发通报（便笺〔2022〕9号）和（澄财绩〔2023〕1号）。"], "DOC_NUMBER"),
    (["评估金额17,969.78万元，调减8,825.34万元，共计3,456,789.00元。"], "NUMBER_FORMAT"),
    (["部门新增预算超过100万元的重大政策应开展事前绩效评估，评审通过项目涉及金额407,160.08万元。"], "NUMBER_FORMAT"),
    (["安排资金100万元。核查金额196,579.94万元。"], "NUMBER_FORMAT"),
    (["全县支出35.6亿元，其中教育支出10,000.00万元、卫生支出5,000.00万元。"], "NUMBER_FORMAT"),
    (["截至2023年12月31日，1－9月执行情况良好，版本1.2.3。"], "DATE_FORMAT"),
    (["共纳入指标库2496条绩效指标，其中：部门整体绩效指标538条，项目支出绩效指标1958条。",
      "本次24个绩效自评表中，自评等级为“优”的17份，占70.83%；自评等级为“良”的3份，占12.50%；"
      "自评等级为“中”的4份，占16.67%。",
      "开展绩效目标管理的项目数有1108个，占市项目总数的100.00%。",
      "一上拟考虑预算安排2,000.00万元，调减8,825.34万元。",
      "全年预算数1,000.00万元，执行数856.30万元，执行率85.63%。",
      "涉及项目1260个，其中：教育项目300个，卫生项目200个。",
      "执行率达到50%以上的部门有23个，占37.70%；执行率在30%至50%之间的部门有25个，占40.98%；"
      "执行率低于30%的部门有13个，占21.31%。",
      "开展监控的部门61个，占100.00%；项目1108个，占100.00%；单位200个，占100.00%。",
      "选取1个部门整体和4个重点项目中，评价结果为“良”的3个，占60.00%；“中”的2个，占40.00%。",
      "全县支出35.60亿元，其中教育支出10,000.00万元、卫生支出5,000.00万元。",
      "2/3的项目完成，完成3个，占66.66%，共3个项目中，完成2个，占66.66%。"], "ARITHMETIC"),
    (["根据预算绩效目标申请表，对社会保险基金决算和事后绩效评估开展复核，在项目之初明确绩效目标之间的关系。"], "TYPO"),
    (["推进全方位、全过程、全覆盖预算绩效管理，全方位，全国性。"], "TYPO"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("lines", "code", "suggestion", "count"), FLAGGED)
def test_lint_flags(make_draft, kind, lines, code, suggestion, count):
    findings = [f for f in lint_file(make_draft(lines, kind)) if f.code == code]
    assert len(findings) == count, [f.lint_dict() for f in findings]
    f = findings[0]
    if suggestion is not None:
        assert suggestion in (f.suggestion or "") + f.message
    text = lines[f.paragraph - 1]
    assert 0 <= f.start < f.end <= len(text)
    assert text[f.start:f.end] in f.excerpt


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("lines", "code"), CLEAN)
def test_lint_clean(make_draft, kind, lines, code):
    findings = [f.lint_dict() for f in lint_file(make_draft(lines, kind)) if f.code == code]
    assert findings == []


def test_lint_text_matches_file(make_draft):
    lines = ["1、总体情况", "（一）基本情况", "印发《办法（试行）》》（澄财绩[2023]01号）。"]
    from_text = [f.lint_dict() for f in lint_text("\n".join(lines))]
    from_file = [f.lint_dict() for f in lint_file(make_draft(lines))]
    assert from_text == from_file
    assert {f["code"] for f in from_text} == {"NUMBERING", "PUNCT_PAIR", "DOC_NUMBER"}


def test_lint_disable(make_draft, monkeypatch, tmp_path):
    lines = ["1、总体情况", "（一）基本情况", "印发《办法》》。"]
    codes = {f.code for f in lint_text("\n".join(lines), disable=("numbering",))}
    assert codes == {"PUNCT_PAIR"}
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text('[lint]\ndisable = ["PUNCT_PAIR"]\n', encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    assert {f.code for f in lint_text("\n".join(lines))} == {"NUMBERING"}
    assert lint_text("\n".join(lines), disable=("NUMBERING",)) == []


def test_lint_unknown_code():
    from perfdoc.errors import UsageError

    with pytest.raises(UsageError):
        lint_text("一、总体", disable=("NOPE",))
