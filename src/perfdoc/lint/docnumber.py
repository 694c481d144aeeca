"""DOC_NUMBER: 发文字号 written as 机关代字〔年份〕序号号 — hexagonal brackets, no leading zeros, no 第."""
from __future__ import annotations

import re

from perfdoc.lint.registry import Hit

CODE = "DOC_NUMBER"

# a 机关代字 (Han) right before a bracketed year, then the serial number and 号
_DOC_NUMBER = re.compile(
    r"(?<=[\u4e00-\u9fff])(?P<open>[〔【\[［(（〈<])\s*(?P<year>(?:19|20)\d{2})\s*(?P<close>[〕】\]］)）〉>])"
    r"\s*(?P<di>第)?\s*(?P<num>\d{1,5})\s*号(?![楼院房线路街])"
)


def check(paragraphs) -> list[Hit]:
    hits: list[Hit] = []
    for para in paragraphs:
        for m in _DOC_NUMBER.finditer(para.text):
            problems = []
            if m.group("open") != "〔" or m.group("close") != "〕":
                problems.append(f"年份应使用六角括号“〔〕”，不用“{m.group('open')}{m.group('close')}”")
            num = m.group("num")
            if len(num) > 1 and num.startswith("0"):
                problems.append(f"序号不编虚位，“{num}”应为“{int(num)}”")
            if m.group("di"):
                problems.append("序号前不加“第”")
            if not problems:
                continue
            right = f"〔{m.group('year')}〕{int(num)}号"
            hits.append(Hit(CODE, "error", "发文字号格式不规范：" + "；".join(problems), para,
                            m.start(), m.end(), suggestion=right, fix=right))
    return hits
