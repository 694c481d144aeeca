"""DOC_NUMBER: 发文字号 written as 机关代字〔年份〕序号号, and the titles of cited documents.

A 发文字号 has hexagonal brackets (not 【】 [] ［］ （） ﹝﹞ 〈〉), no leading zeros and no 第 before
the serial; one written without brackets ("临财发202053号") is read as such only after a 代字
ending of a government organ (corpora/lint_docnumbers.txt). Firms' report numbers
("××会报字（2022）第0001号", 审计报告, 评估报告) follow their own practice and are not judged.
A title cited in 《》 that is one or two characters away from a real policy title
(corpora/policy_titles.txt) is reported as a warning with the real title.
"""
from __future__ import annotations

import re
from functools import cache

from perfdoc.lint.registry import Hit

CODE = "DOC_NUMBER"

_HAN = r"[\u4e00-\u9fff]"
_DOC_NUMBER = re.compile(
    rf"(?P<org>{_HAN}{{1,12}})\s*(?P<open>[〔【\[［(（〈<﹝])\s*(?P<year>(?:19|20)\d{{2}})\s*"
    r"(?P<close>[〕】\]］)）〉>﹞])\s*(?P<di>第)?\s*(?P<num>\d{1,5})\s*号(?![楼院房线路街])"
)
# 代字 then year and serial run together: 临财发202053号
_BARE = re.compile(rf"(?P<org>{_HAN}{{1,12}})(?P<year>(?:19|20)\d{{2}})(?P<num>[1-9]\d{{0,3}})号(?![楼院房线路街])")
_TITLE = re.compile(r"《([^《》\n]{6,80})》")


@cache
def _docnumber_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from perfdoc.resources import corpus

    report, suffix = [], []
    for line in corpus("lint_docnumbers.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, text = line.partition("\t")
        (report if kind == "report" else suffix).append(text.strip())
    return tuple(report), tuple(suffix)


@cache
def policy_titles() -> tuple[tuple[str, str, str], ...]:
    """(normalised title, title as listed, 发文字号) of corpora/policy_titles.txt."""
    from perfdoc.resources import corpus

    out = []
    for line in corpus("policy_titles.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        title, number, *_ = (line.split("\t") + ["", ""])[:3]
        out.append((_normal(title), title, number))
    return tuple(out)


_WIDTH = str.maketrans({"(": "（", ")": "）", "<": "〈", ">": "〉"})


def _normal(title: str) -> str:
    return re.sub(r"[\s\u3000]", "", title).translate(_WIDTH)


def _is_report_number(org: str) -> bool:
    report, _ = _docnumber_words()
    return org.endswith(report)


def check(paragraphs) -> list[Hit]:
    hits: list[Hit] = []
    for para in paragraphs:
        text = para.text
        for m in _DOC_NUMBER.finditer(text):
            if _is_report_number(m.group("org")):
                continue
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
                            m.start("open"), m.end(), suggestion=right, fix=right))
        _, suffix = _docnumber_words()
        for m in _BARE.finditer(text):
            org = m.group("org")
            if not org.endswith(suffix) or _is_report_number(org):
                continue
            right = f"〔{m.group('year')}〕{m.group('num')}号"
            hits.append(Hit(CODE, "error", f"发文字号缺少年份的六角括号：“{org[-4:]}{m.group('year')}{m.group('num')}号”"
                                           f"应写作“{org[-4:]}{right}”", para, m.start("year"), m.end(),
                            suggestion=right, fix=right))
        _titles(para, hits)
    return hits


def _titles(para, hits: list[Hit]) -> None:
    titles = None
    for m in _TITLE.finditer(para.text):
        cited = _normal(m.group(1))
        titles = titles or policy_titles()
        for norm, title, number in titles:
            if cited == norm or abs(len(cited) - len(norm)) > 2 or len(norm) < 8:
                continue
            if _distance(cited, norm, 2 if len(norm) >= 10 else 1) is None:
                continue
            with_no = f"（{number}）" if number else ""
            hits.append(Hit(CODE, "warning", f"引用的文件名称与《{title}》{with_no}相近，请核对文件全称", para,
                            m.start(), m.end(), suggestion=f"《{title}》"))
            break


def _distance(a: str, b: str, limit: int) -> int | None:
    """Edit distance of a and b when it is at most `limit`, else None."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return None
        prev = cur
    return prev[-1] if prev[-1] <= limit else None
