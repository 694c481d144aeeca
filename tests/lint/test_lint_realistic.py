"""Classes of slips and false alarms found on realistic drafts written outside the repository.

Each class has rows that must be flagged and rows that must stay silent, read from .txt and from
.docx. Expected figures are computed here from the stated figures, not copied from the output.
The two drafts at the end state correct figures of every kind the rules check: they must raise
no ARITHMETIC, TYPO, NUMBER_FORMAT or DATE_FORMAT finding, and changing one figure must raise
exactly one ARITHMETIC finding carrying the value the other figures imply.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from perfdoc import lint_file, lint_text

KINDS = ("txt", "docx")
T = "\t"


def pct(part: float, whole: float) -> str:
    return f"{part / whole * 100:.2f}%"


def money(x: float) -> str:
    return f"{x:,.2f}万元"


# (class, paragraphs, code, text the suggestion or message must contain)
FLAGGED = [
    # 1. a full-width comma as thousands separator is still read as one number
    ("fullwidth-comma", ["收回县财政统筹使用共计1，286.50万元，其中县交通运输局806.50万元、县自然资源局490.00万元。"],
     "ARITHMETIC", money(806.50 + 490.00)),
    ("fullwidth-comma", ["共安排资金12，345.60万元，其中一般公共预算10，000.00万元、政府性基金2，445.60万元。"],
     "ARITHMETIC", money(10000.00 + 2445.60)),
    # 2. parts that are changes: the part is the change, not the amounts before and after it
    ("change-parts", ["调减2024年4个项目预算共计692.50万元，其中A项目由1,200.00万元调减至950.00万元，调减250.00万元；"
                      "B项目调减180.50万元；C项目调减152.00万元；D项目调减120.00万元。"],
     "ARITHMETIC", f"{250.00 + 180.50 + 152.00 + 120.00:.2f}万元"),
    ("change-parts", ["压减一般性支出共计320.00万元，其中办公经费从500.00万元压减到380.00万元，压减120.00万元；"
                      "会议费由260.00万元调整为80.00万元，减少180.00万元。"],
     "ARITHMETIC", f"{120.00 + 180.00:.2f}万元"),
    ("change-parts", ["共纳入项目120个，其中：新建项目45个；续建项目70个。"], "ARITHMETIC", f"{45 + 70}个"),
    ("change-parts", ["共调减692.50万元，其中A项目调减250.00万元，B项目调减180.50万元，C项目调减152.00万元，"
                      "D项目调减100.00万元。"], "ARITHMETIC", f"{250 + 180.50 + 152 + 100:.2f}万元"),
    ("count-rate", ["整改问题45个，已整改到位42个，整改率95.33%。"], "ARITHMETIC", pct(42, 45)),
    # 4. a rate stated with its count and total
    ("count-rate", ["对862个项目的绩效目标逐一审核，审核通过791个，通过率93.76%。"], "ARITHMETIC", pct(791, 862)),
    ("count-rate", ["全年计划实施项目50个，已完成45个，完成率95.00%。"], "ARITHMETIC", pct(45, 50)),
    ("count-rate", ["抽查绩效自评报告120份，质量合格108份，合格率91.00%。"], "ARITHMETIC", pct(108, 120)),
    ("count-rate", ["对862个项目的绩效目标逐一审核，审核通过791个，占93.76%。"], "ARITHMETIC", pct(791, 862)),
    ("count-rate", ["对全县25家单位开展检查，发现问题的单位8家，占30.00%。"], "ARITHMETIC", pct(8, 25)),
    ("count-rate", ["全县共申报事前绩效评估项目36项，评估通过30项，通过率80.33%。"], "ARITHMETIC", pct(30, 36)),
    ("count-rate", ["全县共有预算部门61个，其中58个部门按时报送了自评报告，报送率96.08%。"], "ARITHMETIC", pct(58, 61)),
    ("count-rate", ["全县有预算单位86家，行政单位32家，占38.21%。"], "ARITHMETIC", pct(32, 86)),
    # the whole stated in an earlier sentence of the paragraph, when the rate's sentence has none
    ("count-rate", ["本年度共审核项目862个。审核通过791个，通过率93.76%。"], "ARITHMETIC", pct(791, 862)),
    ("count-rate", ["对862个项目的绩效目标逐一审核；审核通过791个，通过率93.76%。"], "ARITHMETIC", pct(791, 862)),
    ("count-rate", ["862个项目中，791个通过审核，通过率93.76%。"], "ARITHMETIC", pct(791, 862)),
    ("text-table", ["项目名称  预算金额（万元）  支出金额（万元）  执行率（%）", "县交通运输局  6,518.40  3,105.66  46.74"],
     "ARITHMETIC", f"{3105.66 / 6518.40 * 100:.2f}"),
    # 5. listed parts with the total after (or before) them
    ("listed-total", ["项目自评结果为：优512个、良286个、中58个、差16个，合计862个。"], "ARITHMETIC",
     f"{512 + 286 + 58 + 16}个"),
    ("listed-total", ["项目自评结果为：优512个，良286个，中58个，差16个，共862个。"], "ARITHMETIC",
     f"{512 + 286 + 58 + 16}个"),
    ("listed-total", ["教育支出5,000.00万元、卫生支出3,000.00万元，合计8,100.00万元。"], "ARITHMETIC",
     money(5000.00 + 3000.00)),
    ("listed-total", ["共评价项目862个：优512个、良286个、中58个、差16个。"], "ARITHMETIC",
     f"{512 + 286 + 58 + 16}个"),
    ("listed-total", ["项目自评结果为：优512个（占59.40%）、良286个（占33.18%）、中58个（占6.73%）、差16个（占1.86%），"
                      "合计862个。"], "ARITHMETIC", f"{512 + 286 + 58 + 16}个"),
    # 6. tables typed with tabs or runs of spaces get the execution-rate check of .docx tables
    ("text-table", ["序号\t单位\t预算数\t执行数\t执行率", "9\t县交通运输局\t6,518.40\t3,105.66\t46.74%"],
     "ARITHMETIC", pct(3105.66, 6518.40)),
    ("text-table", ["序号  单位  预算金额  支出金额  执行率", "1  县卫健局  2,000.00  1,500.00  75.00%",
                    "2  县民政局  1,000.00  800.00  80.00%", "合计  3,000.00  2,300.00  77.67%"],
     "ARITHMETIC", pct(2300, 3000)),
    ("text-table", ["序号  单位  预算金额  支出金额  执行率", "1  县卫健局  2,000.00  1,500.00  75.00%",
                    "2  县民政局  1,000.00  800.00  80.00%", "合计  3,100.00  2,300.00  74.19%"],
     "ARITHMETIC", f"{2000 + 1000:,.2f}"),
    # 3. a span that stands as whole words is still flagged next to a span that cuts a word
    ("word-boundary", ["健全预算绩效管理闭坏机制。"], "TYPO", "预算绩效管理闭环"),
    ("word-boundary", ["形成了覆盖预算绩效管理各环节的制度体系，加强绩效运形监控工作。"], "TYPO", "绩效运行监控"),
    ("word-boundary", ["各环节都要做到应保尽宝。"], "TYPO", "应保尽保"),
    # 7. look-alike characters in fixed phrases
    ("lookalike", ["推进预算绩效管理全履盖。"], "TYPO", "全覆盖"),
    ("lookalike", ["预算绩效管理实现全履盖，成效明显。"], "TYPO", "全覆盖"),
    ("lookalike", ["要进一步强化绩效坚控。"], "TYPO", "绩效监控"),
    ("lookalike", ["树立讲绩效、重绩效、用积效的理念。"], "TYPO", "用绩效"),
    ("lookalike", ["着力提高财政资金使用校益。"], "TYPO", "使用效益"),
]

# (class, paragraphs, code): must raise nothing of that code
CLEAN = [
    ("fullwidth-comma", ["收回县财政统筹使用共计1，286.50万元，其中县交通运输局806.50万元、县自然资源局480.00万元。"],
     "ARITHMETIC"),
    ("fullwidth-comma", ["共安排资金12，345.60万元，其中一般公共预算10，000.00万元、政府性基金2，345.60万元。"], "ARITHMETIC"),
    ("change-parts", ["调减2024年4个项目预算共计692.50万元，其中A项目由1,200.00万元调减至950.00万元，调减250.00万元；"
                      "B项目调减180.50万元；C项目调减152.00万元；D项目调减110.00万元。"], "ARITHMETIC"),
    ("change-parts", ["压减一般性支出共计300.00万元，其中办公经费从500.00万元压减到380.00万元，压减120.00万元；"
                      "会议费由260.00万元调整为80.00万元，减少180.00万元。"], "ARITHMETIC"),
    # a part given as "from A to B" without its change: which figure is the part? no check
    ("change-parts", ["压减支出共计300.00万元，其中办公经费由500.00万元调整为380.00万元、会议费由260.00万元调整为80.00万元。"],
     "ARITHMETIC"),
    # changes listed under a whole that is not a change
    ("change-parts", ["压减后预算共计400.00万元，其中A项目由600.00万元压减至250.00万元，压减350.00万元；"
                      "B项目由300.00万元压减至150.00万元，压减150.00万元。"], "ARITHMETIC"),
    ("change-parts", ["全年预算1,000.00万元，其中A项目调减100.00万元；B项目调减50.00万元。"], "ARITHMETIC"),
    # a base amount and its change in one part: ambiguous
    ("change-parts", ["调增预算共计200.00万元，其中A项目原预算500.00万元，调增120.00万元；B项目调增80.00万元。"],
     "ARITHMETIC"),
    # decreases and increases together: the whole may be the net or the gross change
    ("change-parts", ["共调减500.00万元，其中：A项目调减300.00万元、B项目调增100.00万元、C项目调减300.00万元。"],
     "ARITHMETIC"),
    ("change-parts", ["共调减500.00万元，其中A项目调减300.00万元；B项目调减300.00万元；C项目调增100.00万元。"], "ARITHMETIC"),
    # the clause after "；" is another figure, not one more part
    ("change-parts", ["全年下达资金1,000.00万元，其中中央资金600.00万元；支出资金800.00万元，执行率80.00%。"], "ARITHMETIC"),
    ("change-parts", ["共纳入项目120个，其中：新建项目45个；续建项目75个。"], "ARITHMETIC"),
    ("count-rate", ["对862个项目的绩效目标逐一审核，审核通过791个，通过率91.76%。"], "ARITHMETIC"),
    ("count-rate", ["对862个项目的绩效目标逐一审核，审核通过791个，占91.76%。"], "ARITHMETIC"),
    # two candidate wholes before the count: no check
    ("count-rate", ["对862个项目审核，退回71个，审核通过791个，通过率93.76%。"], "ARITHMETIC"),
    ("count-rate", ["选取1个部门整体和4个重点项目中，完成3个，完成率60.00%。"], "ARITHMETIC"),
    # the rate is not a share of the earlier count
    ("count-rate", ["项目数由50个增加到60个，增长率20.00%。"], "ARITHMETIC"),
    ("count-rate", ["全市61个部门中，完成整改的部门58个，整改完成率95.08%。"], "ARITHMETIC"),
    ("count-rate", ["全县86家预算单位均已完成部门整体绩效自评，完成率100%。"], "ARITHMETIC"),
    # counts of different things, or a rate of money: the earlier count is not the whole
    ("count-rate", ["发现问题32个，涉及项目20个，占66.67%。"], "ARITHMETIC"),
    ("count-rate", ["审核项目862个，涉及资金3.5亿元，审核通过791个，资金通过率90.50%。"], "ARITHMETIC"),
    ("count-rate", ["全县共有预算部门61个，其中58个部门按时报送了自评报告，报送率95.08%。"], "ARITHMETIC"),
    ("count-rate", ["全市共有项目1108个，完成绩效自评的项目1108个，完成率100%。"], "ARITHMETIC"),
    ("count-rate", ["2023年，全市纳入绩效监控的项目1,108个，涉及资金196,579.94万元，监控覆盖率100%。"], "ARITHMETIC"),
    ("count-rate", ["完成了23个重点项目的评价，评价结果为优秀的8个、良好的12个、合格的3个，优良率86.96%。"], "ARITHMETIC"),
    ("count-rate", ["整改问题45个，已整改到位42个，整改率93.33%。"], "ARITHMETIC"),
    ("count-rate", ["全年共培训120人次，参训单位86家，培训覆盖率100%。"], "ARITHMETIC"),
    ("count-rate", ["全县共有行政事业单位156家，本次抽查32家，抽查比例20.51%。"], "ARITHMETIC"),
    ("count-rate", ["　　2023年，全县一般公共预算支出35.60亿元，同比增长5.2%，其中民生支出28.48亿元，占80.00%。"],
     "ARITHMETIC"),
    ("count-rate", ["本年度共审核项目862个。审核通过791个，通过率91.76%。"], "ARITHMETIC"),
    ("count-rate", ["全县共有预算部门61个，项目862个。经审核，通过791个，通过率91.76%。"], "ARITHMETIC"),
    ("count-rate", ["全县18个乡镇共上报项目120个。审核通过108个，通过率90.00%。"], "ARITHMETIC"),
    # counts of another year are not the whole
    ("count-rate", ["去年完成评价项目50个。今年已完成45个，完成率93.75%。"], "ARITHMETIC"),
    ("count-rate", ["上年审核项目862个，今年审核通过791个，通过率93.76%。"], "ARITHMETIC"),
    # a wider whole named after 占: not the count of the sentence
    ("count-rate", ["对全县25家单位开展检查，发现问题的单位8家，占全县预算单位的9.30%。"], "ARITHMETIC"),
    ("listed-total", ["项目自评结果为：优512个、良286个、中48个、差16个，合计862个。"], "ARITHMETIC"),
    ("listed-total", ["教育支出5,000.00万元、卫生支出3,000.00万元，合计8,000.00万元。"], "ARITHMETIC"),
    ("listed-total", ["1-6月完成12个，7-12月完成15个，共27个。"], "ARITHMETIC"),
    # a total of a wider scope, or of another kind, is not the sum of the items
    ("listed-total", ["全年完成第一批3个、第二批5个，全年共12个。"], "ARITHMETIC"),
    ("listed-total", ["新建项目12个、续建项目8个，共涉及资金3,000.00万元。"], "ARITHMETIC"),
    ("listed-total", ["一季度完成12个、二季度完成8个，累计完成30个。"], "ARITHMETIC"),
    ("listed-total", ["第一季度5个、第二季度8个，共计20个。"], "ARITHMETIC"),  # far short: only the main items
    ("listed-total", ["行政单位32家，事业单位54家，共86家。"], "ARITHMETIC"),
    ("listed-total", ["项目自评结果为：优512个（占59.40%）、良286个（占33.18%）、中48个（占5.57%）、差16个（占1.86%），"
                      "合计862个。"], "ARITHMETIC"),
    ("listed-total", ["涉及项目支出1,280.00万元、部门整体支出3,520.00万元，合计4,800.00万元。"], "ARITHMETIC"),
    ("listed-total", ["共收到自评报告58份，其中优秀32份，良好20份，合格6份。"], "ARITHMETIC"),
    ("change-parts", ["全县共有预算单位86家，其中：行政单位32家；事业单位54家。"], "ARITHMETIC"),
    ("change-parts", ["共计1,000.00万元，其中：A单位600.00万元；B单位400.00万元；上述资金已全部拨付。"], "ARITHMETIC"),
    ("change-parts", ["下达资金1,000.00万元，其中：中央资金600.00万元；县级配套资金500.00万元，已到位400.00万元。"],
     "ARITHMETIC"),
    ("text-table", ["序号\t单位\t预算数\t执行数\t执行率", "9\t县交通运输局\t6,518.40\t3,105.66\t47.64%",
                    "10\t县教育局\t1,000.00\t500.00\t50.00%", "合计\t7,518.40\t3,605.66\t47.96%"], "ARITHMETIC"),
    ("text-table", ["序号  单位  预算金额  支出金额  执行率", "1  县卫健局  2,000.00  1,500.00  75.00%",
                    "2  县民政局  1,000.00  800.00  80.00%", "合计  3,000.00  2,300.00  76.67%"], "ARITHMETIC"),
    ("text-table", ["联系人：张三\t电话：0877-1234567", "单位\t预算数\t执行数\t执行率", "县民政局\t1,000.00\t800.00\t80.00%"],
     "ARITHMETIC"),
    # a span cut out of a longer word is no typo
    ("word-boundary", ["形成了覆盖预算绩效管理各环节的制度体系。"], "TYPO"),
    ("word-boundary", ["建立预算绩效管理各方面协同机制。"], "TYPO"),
    ("lookalike", ["全面覆盖各类项目，积极履行监管职责，坚持问题导向，予以通报，续建项目按期完工。"], "TYPO"),
    ("lookalike", ["加强学校校舍维修项目资金监管，把资金过程管理与绩效结合。"], "TYPO"),
    ("lookalike", ["推进全方位、全过程、全覆盖预算绩效管理，实现全覆盖。"], "TYPO"),
    ("lookalike", ["加强资金过程管理，将指标置于首位，推进绩效管理。"], "TYPO"),
]


def _ids(rows):
    return [f"{r[0]}-{i}" for i, r in enumerate(rows)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("cls", "lines", "code", "expected"), FLAGGED, ids=_ids(FLAGGED))
def test_lint_realistic_flagged(make_draft, kind, cls, lines, code, expected):
    findings = [f for f in lint_file(make_draft(lines, kind)) if f.code == code]
    assert len(findings) == 1, [f.lint_dict() for f in findings]
    f = findings[0]
    assert expected in (f.suggestion or "") + f.message
    text = lines[f.paragraph - 1]
    assert 0 <= f.start < f.end <= len(text)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("cls", "lines", "code"), CLEAN, ids=_ids(CLEAN))
def test_lint_realistic_clean(make_draft, kind, cls, lines, code):
    assert [f.lint_dict() for f in lint_file(make_draft(lines, kind)) if f.code == code] == []


def test_lint_fullwidth_comma_is_both_a_format_slip_and_one_number():
    text = "收回县财政统筹使用共计1，286.50万元，其中县交通运输局806.50万元、县自然资源局480.00万元。"
    codes = [(f.code, f.suggestion) for f in lint_text(text)]
    assert codes == [("NUMBER_FORMAT", "1,286.50")]


# --- two drafts with correct figures of every kind ---------------------------------------------

DRAFT_STATEMENT = [
    "一、基本情况",
    "2024年，全县纳入预算绩效管理的项目共862个，涉及资金35,286.40万元，其中一般公共预算项目715个、政府性基金预算项目147个。",
    "（一）绩效目标管理",
    "对862个项目的绩效目标逐一审核，审核通过791个，通过率91.76%；退回修改71个，占8.24%。",
    "（二）绩效运行监控",
    "全年开展绩效运行监控项目156个，发现问题项目23个，已完成整改21个，整改完成率91.30%。",
    "截至2024年12月31日，全县项目预算数35,286.40万元，执行数31,540.18万元，执行率89.38%。",
    "（三）绩效自评",
    "项目自评结果为：优512个、良286个、中48个、差16个，合计862个。",
    "（四）评价结果应用",
    "收回县财政统筹使用共计1,286.50万元，其中县交通运输局806.50万元、县自然资源局480.00万元。",
    "调减2025年4个项目预算共计692.50万元，其中A项目由1,200.00万元调减至950.00万元，调减250.00万元；"
    "B项目调减180.50万元；C项目调减152.00万元；D项目调减110.00万元。",
    "表1 2024年部分单位预算执行情况（单位：万元）",
    T.join(["序号", "单位", "预算数", "执行数", "执行率"]),
    T.join(["1", "县交通运输局", "6,518.40", "3,105.66", "47.64%"]),
    T.join(["2", "县教育体育局", "12,806.30", "11,920.45", "93.08%"]),
    T.join(["合计", "19,324.70", "15,026.11", "77.76%"]),
    "二、下一步工作",
    "坚持“花钱必问效、无效必问责”，推进全方位、全过程、全覆盖预算绩效管理，形成了覆盖预算绩效管理各环节的制度体系，"
    "积极履行监管职责，着力提高财政资金使用效益。",
]

DRAFT_CIRCULAR = [
    "一、总体情况",
    "本次抽查的24份自评报告中，评为“优”的17份，占70.83%；“良”的3份，占12.50%；“中”的4份，占16.67%。",
    "对全县25家单位开展检查，发现问题的单位8家，占32.00%。",
    "全年计划实施项目50个，已完成45个，完成率90.00%。抽查绩效自评报告120份，质量合格108份，合格率90.00%。",
    "压减一般性支出共计300.00万元，其中办公经费从500.00万元压减到380.00万元，压减120.00万元；"
    "会议费由260.00万元调整为80.00万元，减少180.00万元。",
    "该项目申报金额10,825.34万元，一上拟安排2,000.00万元，调减8,825.34万元。",
    "二、存在问题",
    "部分单位绩效目标设置不够细化，个别项目绩效监控流于形式，存在“重分配、轻管理”现象。",
    "序号  单位  预算金额  支出金额  执行率",
    "1  县卫健局  2,000.00  1,500.00  75.00%",
    "2  县民政局  1,000.00  800.00  80.00%",
    "合计  3,000.00  2,300.00  76.67%",
]

NOISY = ("ARITHMETIC", "TYPO", "NUMBER_FORMAT", "DATE_FORMAT", "DOC_NUMBER")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("draft", [DRAFT_STATEMENT, DRAFT_CIRCULAR], ids=["statement", "circular"])
def test_lint_realistic_draft_is_clean(make_draft, kind, draft):
    findings = [f.lint_dict() for f in lint_file(make_draft(draft, kind)) if f.code in NOISY]
    assert findings == []


# (draft, old text, new text, value the other figures imply)
MUTATIONS = [
    (DRAFT_STATEMENT, "政府性基金预算项目147个", "政府性基金预算项目157个", f"{715 + 157}个"),
    (DRAFT_STATEMENT, "通过率91.76%", "通过率93.76%", pct(791, 862)),
    (DRAFT_STATEMENT, "执行率89.38%", "执行率88.38%", pct(31540.18, 35286.40)),
    (DRAFT_STATEMENT, "差16个，合计862个", "差26个，合计862个", f"{512 + 286 + 48 + 26}个"),
    (DRAFT_STATEMENT, "县自然资源局480.00万元", "县自然资源局470.00万元", money(806.50 + 470.00)),
    (DRAFT_STATEMENT, "D项目调减110.00万元", "D项目调减100.00万元", f"{250 + 180.50 + 152 + 100:.2f}万元"),
    (DRAFT_STATEMENT, "3,105.66\t47.64%", "3,105.66\t46.74%", pct(3105.66, 6518.40)),
    (DRAFT_STATEMENT, "15,026.11\t77.76%", "15,026.11\t76.76%", pct(15026.11, 19324.70)),
    (DRAFT_CIRCULAR, "占32.00%", "占23.00%", pct(8, 25)),
    (DRAFT_CIRCULAR, "合格率90.00%", "合格率91.00%", pct(108, 120)),
    (DRAFT_CIRCULAR, "完成率90.00%", "完成率95.00%", pct(45, 50)),
    (DRAFT_CIRCULAR, "减少180.00万元", "减少170.00万元", f"{260 - 80:.2f}万元"),
    (DRAFT_CIRCULAR, "2,300.00  76.67%", "2,300.00  77.67%", pct(2300, 3000)),
]


@pytest.mark.parametrize(("draft", "old", "new", "expected"), MUTATIONS)
def test_lint_realistic_changed_figure(draft, old, new, expected):
    text = "\n".join(draft)
    assert text.count(old) == 1
    findings = [f for f in lint_text(text.replace(old, new)) if f.code == "ARITHMETIC"]
    assert len(findings) == 1, [f.lint_dict() for f in findings]
    assert expected in (findings[0].suggestion or "") + findings[0].message


@pytest.mark.parametrize(("disable", "expected"), [((), "model"), (("TYPO",), "no model")])
def test_lint_loads_the_language_model_lazily(make_draft, seeds_dir, disable, expected):
    # TYPO segments with its own shipped model: jieba itself is never imported by lint (its import and
    # dictionary cost about a second), and the model is read only when TYPO runs, not at import
    seeds = [ln for p in sorted(seeds_dir.glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()]
    path = make_draft(seeds + DRAFT_STATEMENT)
    code = ("import sys, perfdoc; from perfdoc.lint import lm; before = lm.load.cache_info().currsize; "
            f"perfdoc.lint_file(sys.argv[1], disable={disable!r}); "
            "print('jieba' in sys.modules, before, lm.load.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "0", "1" if expected == "model" else "0"]
