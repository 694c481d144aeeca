"""Layout rules checked on rendered pages: every document kind (statement, circular, notice,
opinion) from the bundled examples and a long and a short variant, converted to PDF by one
LibreOffice call, then read with pdfplumber: title lines end at word boundaries, the signature
block stays on the page of the last body paragraph, the 版记 stands at the foot of the last page
with 印发 beside the issuing organ, and no page but the last ends half empty."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import importlib.util
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
MM = 72 / 25.4
TEXT_BOTTOM_MARGIN = 35 * MM  # GB/T 9704 bottom margin
LINE = 28  # pt, body line

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed"),
]
pdfplumber = pytest.importorskip("pdfplumber")


def _visual_check():
    spec = importlib.util.spec_from_file_location("visual_check", ROOT / "scripts" / "visual_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------------------------------------- the documents


def _year(name: str):
    from perfdoc.workbook import load

    return load(EXAMPLES / name)


def _long_year():
    from perfdoc.workbook.schema import Monitoring, OutlineRow, Problem

    y = _year("chengjiang-2023.xlsx")
    i = y.issuer.model_copy(update={
        "region": "某某自治州某某县", "organ": "某某自治州某某县财政局",
        "circular_subject": "2023年第三季度部门预算项目支出绩效运行监控和重点项目绩效评价",
        "cc": "县委办公室、县人大常委会办公室、县人民政府办公室、县政协办公室、县纪委监委、县审计局、"
              "县委巡察办、州财政局预算绩效管理科"})
    units = [f"某某县第{k}局" for k in range(1, 31)]
    monitoring = [Monitoring(unit=u, projects=3 + k % 7, budget=Decimal(1000 + 37 * k),
                             spent=Decimal(400 + 29 * k)) for k, u in enumerate(units)]
    kinds = ["预算执行进度滞后", "绩效目标设置不规范", "项目管理不到位", "资金使用不规范", "监控数据填报不实"]
    problems = [Problem(unit=units[k % 12], kind=kinds[k % 5],
                        project=["农村人居环境整治项目", "生活垃圾处理暨运维管理补助资金", None][k % 3],
                        description="截至9月底预算执行率低于时间进度，部分资金尚未拨付到项目实施单位，项目实施进度滞后于合同约定。",
                        measure="加快项目实施和资金拨付，按月报送执行进度。") for k in range(26)]
    outline = list(y.outline) + [OutlineRow(level=1, title="存在的问题")] + [
        OutlineRow(text="部分单位绩效目标编制质量不高，指标设置不够细化量化，"
                        "个别项目绩效目标与预算资金不匹配，绩效监控流于形式。" * 2) for _ in range(6)]
    return y.model_copy(update={"issuer": i, "monitoring": monitoring, "problems": problems, "outline": outline})


def _short_year():
    from perfdoc.workbook.schema import Monitoring, OutlineRow, Problem

    y = _year("chengjiang-2023.xlsx")
    i = y.issuer.model_copy(update={"cc": None})
    outline = [OutlineRow(level=1, title="基本情况"), OutlineRow(text="本年度预算绩效管理工作按计划推进。")]
    return y.model_copy(update={
        "issuer": i, "outline": outline, "data": [], "documents": [], "exante": [], "key_monitoring": [], "key_evaluations": [],
        "monitoring": [Monitoring(unit="澄江市教育体育局", projects=3, budget=Decimal(100), spent=Decimal(90))],
        "problems": [Problem(unit="澄江市教育体育局", kind="项目管理不到位", project=None,
                             description="部分项目未按合同约定推进。")]})


def _goal_rows(projects: int, per: int) -> list[list]:
    rows = [["预算单位", "项目名称", "三级指标", "指标值"]]
    names = ["培训人次", "覆盖率", "资金拨付", "培训效果", "群众满意度", "设施完好率", "任务完成率"]
    values = ["≥350人次", "95", "及时", "明显提升", "≥90%", "≥95%", "100%"]
    for p in range(projects):
        for k in range(per):
            rows.append(["某某自治州某某县人力资源和社会保障局", f"第{p + 1}批职业技能提升培训补贴项目",
                         names[k % len(names)], values[k % len(values)]])
    return rows


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, dict]:
    """label → {"kind", "docx", "pdf", "title", "organ", "date", "last_body"}; one soffice call."""
    import openpyxl

    from perfdoc import render, render_opinion
    from perfdoc.config import load_config
    from perfdoc.render import context as ctx
    from perfdoc.workbook import derive

    work = tmp_path_factory.mktemp("layout")
    cfg = load_config()
    docs: dict[str, dict] = {}
    years = {"chengjiang": _year("chengjiang-2023.xlsx"), "xialu": _year("xialu-2024.xlsx"),
             "long": _long_year(), "short": _short_year()}
    for label, y in years.items():
        s = render("statement", y, work / f"statement-{label}.docx", force=True)
        d = derive.derive_statement(y, cfg)
        c = ctx.statement_context(y, d, cfg)
        docs[f"statement-{label}"] = {"kind": "statement", "docx": s, "title": c["title"]}
        if not y.monitoring:  # an imported statement workbook (xialu) has no circular or notices
            continue
        c_path = render("circular", y, work / f"circular-{label}.docx", force=True)
        c = ctx.circular_context(y, derive.derive_circular(y, cfg), cfg)
        last = "附件：" if c["has_annex"] else c["requirements"][-1]
        docs[f"circular-{label}"] = {"kind": "circular", "docx": c_path, "title": c["title"], "organ": c["organ"],
                                     "date": c["date"], "last_body": last, "issued": c["issued"]}
        folder = render("notices", y, work / f"notices-{label}", force=True)
        ns = ctx.notice_contexts(y, derive.derive_notices(y, cfg), cfg)
        pick = max(range(len(ns)), key=lambda k: len(ns[k]["problems"])) if label == "long" else 0
        first = sorted(folder.glob("*.docx"))[pick]
        target = work / f"notice-{label}.docx"
        shutil.copyfile(first, target)
        n = ns[pick]
        docs[f"notice-{label}"] = {"kind": "notice", "docx": target, "title": n["title"], "organ": n["organ"],
                                   "date": n["date"], "last_body": n["report"]}
    # opinions: the example 申报表 (one per unit), a long one (10 projects), a short one (1 indicator)
    wb = openpyxl.Workbook()
    for row in _goal_rows(10, 7):
        wb.active.append(row)
    long_form = work / "long-申报表.xlsx"
    wb.save(long_form)
    short_form = work / "short.csv"
    with short_form.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["指标名称", "指标值"], ["培训效果", "明显提升"]])
    for label, src, unit in (("example", EXAMPLES / "goals-example.xlsx", None), ("long", long_form, None),
                             ("short", short_form, "某县教育体育局")):
        folder = render_opinion(src, work / f"opinions-{label}", unit=unit, organ="某县财政局",
                                date=dt.date(2023, 12, 1))
        from perfdoc.opinion import opinion_contexts, read_review

        contexts = opinion_contexts(read_review(src, unit=unit), organ="某县财政局", date=dt.date(2023, 12, 1))
        for k, (path, c) in enumerate(zip(sorted(folder.glob("*.docx")), contexts)):
            target = work / f"opinion-{label}-{k}.docx"
            shutil.copyfile(path, target)
            docs[f"opinion-{label}-{k}"] = {"kind": "opinion", "docx": target, "title": c["title"],
                                            "organ": c["organ"], "date": c["date"], "issued": c["issued"],
                                            "last_body": "确保绩效目标如期实现。"}
    pdfs = _visual_check().to_pdf([d["docx"] for d in docs.values()], work / "pdf")
    for d, pdf in zip(docs.values(), pdfs):
        d["pdf"] = pdf
    return docs


# ----------------------------------------------------------------------------- reading pages


def _lines(page, *, size: tuple[float, float] | None = None) -> list[dict]:
    """Text lines of a page (chars grouped by their top), each {"text", "top", "bottom", "size"}."""
    rows: dict[int, list] = {}
    for ch in page.chars:
        if size and not size[0] <= ch["size"] <= size[1]:
            continue
        rows.setdefault(round(ch["top"]), []).append(ch)
    merged: list[list] = []
    for top in sorted(rows):
        if merged and abs(merged[-1][0]["top"] - top) < 3:
            merged[-1].extend(rows[top])
        else:
            merged.append(list(rows[top]))
    out = []
    for chars in merged:
        chars.sort(key=lambda c: c["x0"])
        out.append({"text": "".join(c["text"] for c in chars).replace(" ", "").replace("\u3000", ""),
                    "top": min(c["top"] for c in chars), "bottom": max(c["bottom"] for c in chars),
                    "size": max(c["size"] for c in chars)})
    return out


LABELS = ["statement-chengjiang", "statement-xialu", "statement-long", "statement-short",
          "circular-chengjiang", "circular-long", "circular-short",
          "notice-chengjiang", "notice-long", "notice-short",
          "opinion-example-0", "opinion-example-1", "opinion-example-2", "opinion-long-0", "opinion-short-0"]


@pytest.mark.parametrize("label", LABELS)
def test_title_lines_end_at_word_boundaries(documents, label):
    from perfdoc.render.layout import word_breaks

    doc = documents[label]
    expected = doc["title"].split("\n")
    title = "".join(expected)
    with pdfplumber.open(doc["pdf"]) as pdf:
        lines = [ln["text"] for ln in _lines(pdf.pages[0], size=(21, 23))]
    assert lines == expected, lines  # LibreOffice kept the computed breaks and wrapped nowhere else
    cut, allowed = 0, set(word_breaks(title))
    for line in lines[:-1]:
        cut += len(line)
        assert cut in allowed, (lines, cut)


@pytest.mark.parametrize("label", [x for x in LABELS if not x.startswith("statement")])
def test_signature_and_date_stay_with_the_last_paragraph(documents, label):
    doc = documents[label]
    tail = doc["last_body"].replace(" ", "")[-6:]
    with pdfplumber.open(doc["pdf"]) as pdf:
        pages = [_lines(p, size=(15, 17)) for p in pdf.pages]
    where = [k for k, lines in enumerate(pages)
             if any(ln["text"] == doc["date"] for ln in lines) and any(ln["text"] == doc["organ"] for ln in lines)]
    assert where, "no page holds both the issuing organ and the date"
    page = where[0]
    lines = pages[page]
    organ_at = max(n for n, ln in enumerate(lines) if ln["text"] == doc["organ"])
    assert lines[organ_at + 1]["text"] == doc["date"]  # the date right under the organ
    before = "".join(ln["text"] for ln in lines[:organ_at])
    assert tail in before, (tail, page)  # the last body paragraph ends on the same page


@pytest.mark.parametrize("label", [x for x in LABELS if x.startswith(("circular", "opinion"))])
def test_copy_block_at_the_foot_of_the_last_page(documents, label):
    doc = documents[label]
    with pdfplumber.open(doc["pdf"]) as pdf:
        last = pdf.pages[-1]
        bottom = last.height - TEXT_BOTTOM_MARGIN
        lines = _lines(last, size=(13, 15))
        others = [ln for ln in _lines(last) if not 13 <= ln["size"] <= 15]
        earlier = [ln for p in pdf.pages[:-1] for ln in _lines(p) if "印发" in ln["text"]]
        rules = sorted(r["top"] for r in last.lines + last.rects if r["width"] > 300 and r["height"] < 3)
    assert not earlier
    issued = [ln for ln in lines if ln["text"].endswith("印发")]
    assert len(issued) == 1
    line = issued[0]
    assert line["text"] == f"{doc['organ']}{doc['issued']}"  # 印发 never alone on a line
    assert bottom - 30 <= line["bottom"] <= bottom + 2, (line["bottom"], bottom)
    assert rules and abs(rules[-1] - bottom) < 4  # the closing rule sits on the bottom margin
    cc = [ln for ln in lines if ln["top"] < line["top"] and ln["bottom"] > bottom - 200]
    for n, ln in enumerate(cc):
        assert ln["text"][-1] in "，。", ln  # lines break between items only
        assert ln["bottom"] <= line["top"]
    if cc:
        assert cc[0]["text"].startswith("抄送：") and cc[-1]["text"].endswith("。")
    top = min(ln["top"] for ln in cc + [line]) - 8  # the first rule of the 版记
    assert not [ln for ln in others if ln["bottom"] > top and ln["top"] < bottom]  # nothing runs under it


@pytest.mark.parametrize("label", LABELS)
def test_no_page_but_the_last_ends_half_empty(documents, label):
    doc = documents[label]
    with pdfplumber.open(doc["pdf"]) as pdf:
        pages = list(pdf.pages)
        texts = [p.extract_text() or "" for p in pages]
        for k, page in enumerate(pages[:-1]):
            if texts[k + 1].lstrip().startswith("附件") or "沿此线剪下" in texts[k + 1]:
                continue  # a page break before the annex or the 回执 is wanted
            body = [ln for ln in _lines(page) if ln["size"] >= 11.5 and ln["top"] < page.height - TEXT_BOTTOM_MARGIN]
            gap = page.height - TEXT_BOTTOM_MARGIN - max(ln["bottom"] for ln in body)
            # widow/orphan control and keep-with-next move at most 一、 and （一） headings with a
            # three-line paragraph that cannot be split 2 + 1 (five lines) — or, before the signature,
            # the last paragraph with the 附件 line and the signature block; never half a page (11 lines)
            signed = doc.get("organ") and doc.get("date", "?") in texts[k + 1].replace(" ", "")
            limit = 11 * LINE if signed else 5 * LINE
            assert gap < limit, (label, k + 1, round(gap))
