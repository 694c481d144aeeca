"""Build examples/goals-example.xlsx: a realistic 项目支出绩效目标申报表 for `perfdoc check`.

Title rows above the header, the 预算单位 and project names as merged cells spanning their indicator
rows, 一级/二级指标 merged too, separate 指标值符号 and 计量单位 columns, three projects of three units,
a few flawed indicators (the 预算单位 column lets `perfdoc render opinion` write one opinion per unit).
Run: .venv/bin/python scripts/build_goals_example.py
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "examples" / "goals-example.xlsx"

HEADER = ("预算单位", "项目名称", "一级指标", "二级指标", "三级指标", "指标值符号", "指标值", "计量单位", "指标解释")

UNITS = {"义务教育营养改善计划": "某县教育体育局", "城乡生活垃圾处理": "某县住房和城乡建设局",
         "农村公路养护": "某县交通运输局"}

# project → [(一级, 二级, 三级, 符号, 指标值, 单位, 解释)]
PROJECTS: dict[str, list[tuple]] = {
    "义务教育营养改善计划": [
        ("产出指标", "数量指标", "受益学生人数", "≥", "3200", "人", "享受营养膳食补助的农村义务教育学生数"),
        ("产出指标", "数量指标", "供餐天数", "≥", "200", "天", "全年在校供餐天数"),
        ("产出指标", "质量指标", "学生营养餐供应合格率", "=", "100", "%", "抽检合格的餐次占比"),
        ("产出指标", "质量指标", "食堂食品安全检查覆盖率", "", "95", "", "接受检查的学校食堂占比"),
        ("产出指标", "时效指标", "补助资金拨付", "", "及时", "", "按学期拨付至学校"),
        ("成本指标", "经济成本指标", "营养膳食补助标准", "=", "5", "元/生·天", "国家标准"),
        ("效益指标", "社会效益指标", "学生营养健康状况", "", "明显改善", "", ""),
        ("满意度指标", "服务对象满意度指标", "学生家长满意度", "≥", "90", "人", "抽样问卷"),
    ],
    "城乡生活垃圾处理": [
        ("产出指标", "数量指标", "生活垃圾清运量", "≥", "36000", "吨", "全年清运量"),
        ("产出指标", "数量指标", "投入资金", "", "500", "万元", ""),
        ("产出指标", "质量指标", "生活垃圾无害化处理率", "≥", "120", "%", ""),
        ("产出指标", "时效指标", "垃圾清运", "", "日产日清", "", "城区及乡镇集镇"),
        ("效益指标", "生态效益指标", "城乡环境卫生", "", "逐步提高", "", ""),
        ("效益指标", "可持续影响指标", "垃圾处理设施正常运行率", "≥", "95", "%", ""),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "九成", "", "第三方问卷"),
    ],
    "农村公路养护": [
        ("产出指标", "数量指标", "农村公路养护里程", "≥", "620", "公里", ""),
        ("产出指标", "质量指标", "农村公路优良中等路率", "≥", "80", "%", ""),
        ("产出指标", "时效指标", "养护工程完工时间", "", "2024年10月底前", "", ""),
        ("效益指标", "社会效益指标", "群众出行条件", "", "", "", ""),
    ],
}


def build(out: Path = OUT) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标申报表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells("A1:I1")
    ws["A1"] = "2024年度项目支出绩效目标申报表"
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A2:E2")
    ws["A2"] = "填报单位（盖章）：某县教育体育局、某县住房和城乡建设局、某县交通运输局"
    ws.merge_cells("F2:I2")
    ws["F2"] = "填报日期：2023年11月20日"
    ws.append([])
    ws.append(list(HEADER))
    header_row = ws.max_row
    for c in ws[header_row]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = border
    for project, rows in PROJECTS.items():
        first = ws.max_row + 1
        for k, (l1, l2, name, op, value, unit, note) in enumerate(rows):
            ws.append([UNITS[project] if k == 0 else None, project if k == 0 else None, l1, l2, name, op, value,
                       unit, note])
        last = ws.max_row
        for col in (1, 2):
            ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
            ws.cell(row=first, column=col).alignment = Alignment(vertical="center", wrap_text=True)
        # 一级/二级指标 merged over runs of equal values, as units fill the form
        for col in (3, 4):
            start = first
            for r in range(first + 1, last + 2):
                prev = ws.cell(row=start, column=col).value
                cur = ws.cell(row=r, column=col).value if r <= last else object()
                if cur != prev:
                    if r - 1 > start:
                        for rr in range(start + 1, r):
                            ws.cell(row=rr, column=col).value = None
                        ws.merge_cells(start_row=start, start_column=col, end_row=r - 1, end_column=col)
                    start = r
        for r in range(first, last + 1):
            for c in range(1, len(HEADER) + 1):
                ws.cell(row=r, column=c).border = border
    ws.append([])
    ws.append(["填表人：王某某", None, None, None, "联系电话：0877-0000000"])
    for col, width in zip("ABCDEFGHI", (22, 22, 12, 18, 26, 10, 16, 10, 30)):
        ws.column_dimensions[col].width = width
    notes = wb.create_sheet("填表说明")
    notes["A1"] = "1. 指标值应可衡量：写明数值、计量单位或完成时限。"
    notes["A2"] = "2. 一级指标包括成本、产出、效益、满意度指标。"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


if __name__ == "__main__":
    print(build())
