"""The data of one locality-year: every sheet, column and key the three documents read.

The field tables below are the single source for the readers (xlsx and yaml/json), the blank
workbook and the format documentation: a column's Chinese header, its attribute and its type.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


@dataclass(frozen=True)
class Col:
    """One column (or one key of a key/value sheet)."""

    header: str  # Chinese header as the workbook shows it
    attr: str  # attribute in the model
    kind: str = "text"  # text | int | amount | score | rate | date | bool | grade
    required: bool = False  # must be filled in every row
    note: str = ""  # shown as the header comment and in docs/workbook.md
    choices: tuple[str, ...] = ()  # drop-down values
    aliases: tuple[str, ...] = ()
    unit: str = ""  # unit the fact carries when {名称} places it in a sentence (个, 条, 万元 …)


@dataclass(frozen=True)
class Sheet:
    name: str
    attr: str
    columns: tuple[Col, ...]
    keyvalue: bool = False  # two columns 项目 / 内容 instead of one row per item
    note: str = ""
    extra_headers: tuple[str, ...] = field(default=())


GRADES = ("优", "良", "中", "差")
SECTION_CHOICES = ("制度建设", "指标体系", "事前评估", "目标管理", "运行监控", "绩效评价", "结果应用")
PROBLEM_TYPES = (
    "预算执行进度滞后", "绩效目标设置不规范", "监控数据填报不实", "自评结果偏高",
    "资金使用不规范", "项目管理不到位", "其他",
)
BUDGET_TYPES = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算", "专项债券资金")
EVAL_KINDS = ("部门整体", "项目")

ISSUER = Sheet("基本信息", "issuer", keyvalue=True, note="发文机关、文号、日期等，三类文书共用", columns=(
    Col("地区", "region", required=True, note="如：澄江市"),
    Col("年度", "year", "int", required=True, note="工作年度，如 2023"),
    Col("发文机关", "organ", required=True, note="如：澄江市财政局"),
    Col("承办科室", "office", note="整改情况报送科室，如：监督评价股"),
    Col("发文代字", "code", required=True, note="发文字号中的机关代字，如：澄财绩"),
    Col("文号年份", "number_year", "int", note="发文字号〔〕内年份，不填则取“年度”"),
    Col("通报序号", "circular_seq", "int", note="通报的发文序号，如 1，生成“澄财绩〔2023〕1号”"),
    Col("通报事项", "circular_subject", note="标题“关于……情况的通报”中的事项，如：2023年部门预算绩效运行监控"),
    Col("标题", "title", note="情况说明的标题；不填则为“（年度）年度（地区）预算绩效管理工作开展情况说明”"),
    Col("成文日期", "date", "date", required=True, note="落款日期，如 2023-12-31"),
    Col("主送", "recipients", note="不填则为“各预算部门（单位）”"),
    Col("抄送", "cc", note="版记抄送机关，多个用顿号分隔"),
    Col("监控数据截止日期", "monitor_date", "date", note="运行监控数据截止日期，如 2023-09-30"),
    Col("时间进度", "time_progress", "rate", note="百分数，如 75；不填则按监控数据截止月份计算"),
    Col("通报整改期限", "circular_deadline", "date", note="通报要求的整改期限"),
    Col("整改通知代字", "notice_code", note="整改通知单编号代字，如：澄财绩整改；不填则为“发文代字+整改”"),
    Col("整改通知起始序号", "notice_start", "int", note="第一份整改通知单的序号，默认 1"),
    Col("整改期限", "notice_deadline", "date", note="整改通知单的整改期限，如 2024-01-31"),
    Col("整改依据", "notice_basis", note="问题清单未填“发现依据”时使用，如：2023年部门预算绩效运行监控"),
    Col("联系人", "contact"),
    Col("联系电话", "phone"),
))

FACTS = Sheet("情况说明", "facts", keyvalue=True, note="情况说明中的统计数字；不填的项目对应段落不出现", columns=(
    Col("建立指标体系部门数", "indicator_depts", "int", note="建立分行业分领域绩效指标体系的预算部门数", unit="个"),
    Col("纳入指标库指标总数", "indicator_total", "int", note="可不填；填写时必须等于下两项之和", unit="条"),
    Col("部门整体绩效指标数", "indicator_dept", "int", unit="条"),
    Col("项目支出绩效指标数", "indicator_project", "int", unit="条"),
    Col("培训次数", "training_sessions", "int", unit="次"),
    Col("参训人数", "trainees", "int", unit="人"),
    Col("参训人数为约数", "trainees_approx", "bool", note="填“是”时写作“350余人”", choices=("是", "否")),
    Col("事前评估金额合计", "exante_total", "amount", note="万元；可不填，填写且“事前评估”表各项目均有金额时必须等于其合计", unit="万元"),
    Col("事前评估起点金额", "exante_threshold", "amount", note="万元；新增或增加预算超过此金额的项目应开展事前绩效评估", unit="万元"),
    Col("目标审核截止日期", "goal_date", "date"),
    Col("目标评审通过项目数", "goal_pass_projects", "int", unit="个"),
    Col("目标评审通过金额", "goal_pass_amount", "amount", note="万元", unit="万元"),
    Col("部门总数", "dept_total", "int", note="预算部门总数，覆盖率的分母", unit="个"),
    Col("项目总数", "project_total", "int", note="项目总数，覆盖率的分母", unit="个"),
    Col("项目支出总额", "project_amount_total", "amount", note="万元，覆盖率的分母", unit="万元"),
    Col("目标管理部门数", "goal_depts", "int", unit="个"),
    Col("目标管理项目数", "goal_projects", "int", unit="个"),
    Col("目标管理项目金额", "goal_amount", "amount", note="万元", unit="万元"),
    Col("运行监控部门数", "monitor_depts", "int", unit="个"),
    Col("运行监控项目数", "monitor_projects", "int", unit="个"),
    Col("重点监控金额合计", "key_monitor_total", "amount", note="万元；可不填，填写且“重点监控”表各项目均有金额时必须等于其合计", unit="万元"),
    Col("未开展评价的预算类型", "eval_excluded_budget", note="如：国有资本经营预算"),
    Col("未开展评价原因", "eval_excluded_reason", note="如：本级无国有资本经营预算"),
    Col("未开展评价预算收支金额", "eval_excluded_amount", "amount", note="万元", unit="万元"),
    Col("整体支出自评部门数", "self_eval_depts", "int", unit="个"),
    Col("自评核查部门整体数", "check_dept_forms", "int", unit="个"),
    Col("自评核查项目数", "check_project_forms", "int", unit="个"),
    Col("自评核查表总数", "check_forms_total", "int", note="可不填；填写时必须等于上两项之和", unit="份"),
    Col("自评核查金额", "check_amount", "amount", note="万元", unit="万元"),
    Col("自评等级为优的份数", "self_grade_excellent", "int", unit="份"),
    Col("自评等级为良的份数", "self_grade_good", "int", unit="份"),
    Col("自评等级为中的份数", "self_grade_fair", "int", unit="份"),
    Col("自评等级为差的份数", "self_grade_poor", "int", note="四个等级份数之和必须等于自评核查表总数", unit="份"),
    Col("重点评价第三方机构", "key_eval_agency"),
    Col("重点评价金额合计", "key_eval_total", "amount", note="万元；可不填，填写且“重点评价”表各项均有金额时必须等于其合计", unit="万元"),
))

DOCUMENTS = Sheet("制度文件", "documents", note="情况说明中列举的已印发文件", columns=(
    Col("板块", "section", required=True, choices=SECTION_CHOICES, note="文件在情况说明的哪一部分列举"),
    Col("文件名称", "title", required=True, note="不含书名号"),
    Col("文号", "number", note="如：便笺〔2022〕9号"),
))

EXANTE = Sheet("事前评估", "exante", note="开展事前绩效评估的项目，一行一个", columns=(
    Col("主管部门", "unit", required=True),
    Col("项目名称", "project", required=True),
    Col("评估金额", "amount", "amount", note="万元", aliases=("评估金额（万元）",)),
    Col("得分", "score", "score", note="百分制，等级由得分按配置自动评定"),
    Col("等级", "grade", "grade", choices=GRADES, note="可不填；填写时必须与得分对应的等级一致"),
    Col("拟安排金额", "arranged", "amount", note="万元"),
    Col("调减金额", "reduced", "amount", note="万元；填写了评估金额和拟安排金额时可不填（自动计算）"),
))

KEY_MONITORING = Sheet("重点监控", "key_monitoring", note="财政重点绩效监控项目", columns=(
    Col("主管部门", "unit"),
    Col("项目名称", "project", required=True),
    Col("监控金额", "amount", "amount", note="万元"),
    Col("通报文号", "circular_number", note="监控结果通报的文号"),
))

KEY_EVALUATIONS = Sheet("重点评价", "key_evaluations", note="财政重点绩效评价对象", columns=(
    Col("评价对象", "name", required=True, note="部门名称或项目名称"),
    Col("主管部门", "unit"),
    Col("类型", "kind", required=True, choices=EVAL_KINDS),
    Col("预算类型", "budget_type", choices=BUDGET_TYPES),
    Col("评价金额", "amount", "amount", note="万元"),
    Col("得分", "score", "score"),
    Col("等级", "grade", "grade", choices=GRADES, note="有得分时可不填"),
))

OUTLINE = Sheet("提纲", "outline", note="情况说明的提纲：一行一个标题或段落，按文档顺序", columns=(
    Col("级别", "level", "int", note="1–4 为标题（序号一、/（一）/1./（1）由程序生成，不要填写）；空为正文段落"),
    Col("标题", "title", note="标题文字，不含序号；同一行还有“内容”时为段首标题，与内容合为一段"),
    Col("内容", "text", note="段落文字；{名称} 插入“数据”表中的数据，{年度}、{年度-1}、{年度+1} 插入年份"),
    Col("表格", "table", note="在此处插入表格：填另一张工作表的名称，该表第一行为表头"),
))

DATA = Sheet("数据", "data", note="提纲中 {名称} 引用的数据：填写数值，或用公式由其他数据计算", columns=(
    Col("名称", "name", required=True, note="在提纲中写作 {名称}；不能有空格、括号、逗号和 + - * /"),
    Col("数值", "value", note="数字或文字；有公式时可不填，填写则必须与公式结果一致"),
    Col("单位", "unit", note="如 个、条、万元、%；单位为 % 的公式按比值计算，显示为百分数"),
    Col("公式", "formula", note="如 部门整体指标数 + 项目支出指标数、SUM(a, b)、a / b、等级(得分)"),
    Col("说明", "note", note="备注，不出现在文书中"),
    Col("写法", "written", note="数字在文中的写法样例，如 3500余万元、17,969.78万元、100%；数值改变时按同样写法写出"),
))

MONITORING = Sheet("监控结果", "monitoring", note="通报附件：各单位预算执行情况，一行一个单位", columns=(
    Col("单位名称", "unit", required=True),
    Col("项目数", "projects", "int"),
    Col("预算数", "budget", "amount", required=True, note="万元"),
    Col("执行数", "spent", "amount", required=True, note="万元"),
    Col("执行率", "rate", "rate", note="可不填（自动计算）；填写时必须与执行数/预算数一致"),
    Col("备注", "remark"),
))

PROBLEMS = Sheet("问题清单", "problems", note="整改通知单和通报的问题，一行一个问题；同一单位的问题生成一份整改通知单", columns=(
    Col("单位名称", "unit", required=True),
    Col("问题类型", "kind", required=True, choices=PROBLEM_TYPES),
    Col("项目名称", "project"),
    Col("问题描述", "description", required=True),
    Col("整改要求", "measure", note="对应的整改措施要求"),
    Col("发现依据", "basis", note="如：2023年部门预算绩效运行监控"),
))

SHEETS: tuple[Sheet, ...] = (
    ISSUER, OUTLINE, DATA, FACTS, DOCUMENTS, EXANTE, KEY_MONITORING, KEY_EVALUATIONS, MONITORING, PROBLEMS,
)
SHEET_BY_NAME = {s.name: s for s in SHEETS}
INSTRUCTIONS_SHEET = "填表说明"
KEY_HEADER, VALUE_HEADER = "项目", "内容"

# Which sheets each document cannot do without.
REQUIRED_SHEETS = {
    "statement": ("基本信息",),
    "circular": ("基本信息", "监控结果"),
    "notices": ("基本信息", "问题清单"),
}


class Loc(NamedTuple):
    """Where a value came from, for error messages (a tuple: cheap to make for every cell)."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Issuer(_Model):
    region: str
    year: int
    organ: str
    office: str | None = None
    code: str
    number_year: int | None = None
    circular_seq: int | None = None
    circular_subject: str | None = None
    title: str | None = None
    date: dt.date
    recipients: str | None = None
    cc: str | None = None
    monitor_date: dt.date | None = None
    time_progress: Decimal | None = None
    circular_deadline: dt.date | None = None
    notice_code: str | None = None
    notice_start: int | None = None
    notice_deadline: dt.date | None = None
    notice_basis: str | None = None
    contact: str | None = None
    phone: str | None = None



class Facts(_Model):
    """The statement's key figures; every field optional (absent → its paragraph is left out)."""

    indicator_depts: int | None = None
    indicator_total: int | None = None
    indicator_dept: int | None = None
    indicator_project: int | None = None
    training_sessions: int | None = None
    trainees: int | None = None
    trainees_approx: bool | None = None
    exante_total: Decimal | None = None
    exante_threshold: Decimal | None = None
    goal_date: dt.date | None = None
    goal_pass_projects: int | None = None
    goal_pass_amount: Decimal | None = None
    dept_total: int | None = None
    project_total: int | None = None
    project_amount_total: Decimal | None = None
    goal_depts: int | None = None
    goal_projects: int | None = None
    goal_amount: Decimal | None = None
    monitor_depts: int | None = None
    monitor_projects: int | None = None
    key_monitor_total: Decimal | None = None
    eval_excluded_budget: str | None = None
    eval_excluded_reason: str | None = None
    eval_excluded_amount: Decimal | None = None
    self_eval_depts: int | None = None
    check_dept_forms: int | None = None
    check_project_forms: int | None = None
    check_forms_total: int | None = None
    check_amount: Decimal | None = None
    self_grade_excellent: int | None = None
    self_grade_good: int | None = None
    self_grade_fair: int | None = None
    self_grade_poor: int | None = None
    key_eval_agency: str | None = None
    key_eval_total: Decimal | None = None


class Document(_Model):
    section: str
    title: str
    number: str | None = None


class ExAnte(_Model):
    unit: str
    project: str
    amount: Decimal | None = None
    score: Decimal | None = None
    grade: str | None = None
    arranged: Decimal | None = None
    reduced: Decimal | None = None


class KeyMonitoring(_Model):
    unit: str | None = None
    project: str
    amount: Decimal | None = None
    circular_number: str | None = None


class KeyEvaluation(_Model):
    name: str
    unit: str | None = None
    kind: str
    budget_type: str | None = None
    amount: Decimal | None = None
    score: Decimal | None = None
    grade: str | None = None


class OutlineRow(_Model):
    level: int | None = None
    title: str | None = None
    text: str | None = None
    table: str | None = None


class DataRow(_Model):
    name: str
    value: str | None = None
    unit: str | None = None
    formula: str | None = None
    note: str | None = None
    written: str | None = None


class Monitoring(_Model):
    unit: str
    projects: int | None = None
    budget: Decimal
    spent: Decimal
    rate: Decimal | None = None
    remark: str | None = None


class Problem(_Model):
    unit: str
    kind: str
    project: str | None = None
    description: str
    measure: str | None = None
    basis: str | None = None


class YearData(_Model):
    """One locality-year: what the statement, the circular and the notices are made from."""

    issuer: Issuer
    facts: Facts = Field(default_factory=Facts)
    documents: list[Document] = Field(default_factory=list)
    exante: list[ExAnte] = Field(default_factory=list)
    key_monitoring: list[KeyMonitoring] = Field(default_factory=list)
    key_evaluations: list[KeyEvaluation] = Field(default_factory=list)
    outline: list[OutlineRow] = Field(default_factory=list)
    data: list[DataRow] = Field(default_factory=list)
    tables: dict[str, list[list[str]]] = Field(default_factory=dict)  # sheets named in 提纲.表格
    monitoring: list[Monitoring] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    _source: str | None = PrivateAttr(default=None)
    _present: set = PrivateAttr(default_factory=set)
    _locs: dict = PrivateAttr(default_factory=dict)

    def loc(self, key: str) -> Loc:
        """Location of a value: key 'facts.indicator_total' or 'monitoring.3.rate' (0-based item)."""
        found = self._locs.get(key)
        if found is not None:
            return found
        head = key.split(".")[0]
        sheet = next((s.name for s in SHEETS if s.attr == head), None)
        return Loc(self._source, sheet)

    def has_sheet(self, attr: str) -> bool:
        return attr in self._present
