"""PUNCT_PAIR and PUNCT_WIDTH: paired marks balanced and nested, no half-width marks in Chinese.

One scan per paragraph pairs 《》 “” ‘’ （） 【】 〈〉 〔〕 on a stack; half-width ( ) pair with the
full-width ones so that "(一）" is one mixed pair (PUNCT_WIDTH), not two unbalanced marks.
"""
from __future__ import annotations

from perfdoc.lint.registry import Hit

OPEN = {"《": "book", "“": "dq", "‘": "sq", "（": "paren", "(": "paren", "【": "lent", "〈": "angle", "〔": "hex"}
CLOSE = {"》": "book", "”": "dq", "’": "sq", "）": "paren", ")": "paren", "】": "lent", "〉": "angle", "〕": "hex"}
PAIR_OF = {"book": "《》", "dq": "“”", "sq": "‘’", "paren": "（）", "lent": "【】", "angle": "〈〉", "hex": "〔〕"}
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】〔〕—…")
MIXED_SPAN_MAX = 16  # a short mixed pair is shown and fixed whole: "(一）" → "（一）"


def is_han(c: str | None) -> bool:
    return c is not None and ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")


def is_cjk(c: str | None) -> bool:
    return is_han(c) or (c is not None and c in _CJK_PUNCT)


def _neighbour(text: str, i: int, step: int) -> str | None:
    j = i + step
    while 0 <= j < len(text) and text[j] in " \u3000\t":
        j += step
    return text[j] if 0 <= j < len(text) else None


def check(paragraphs) -> list[Hit]:
    hits: list[Hit] = []
    for para in paragraphs:
        _pairs(para, hits)
        _half_width(para, hits)
    hits.sort(key=lambda h: (h.paragraph.index, h.start))
    return hits


def _pairs(para, hits: list[Hit]) -> None:
    text = para.text
    stack: list[tuple[str, int, str]] = []
    crossed: dict[str, int] = {}  # openers dropped for crossing; their late closers are not re-reported

    def pair_hit(start, end, severity, message, suggestion=None):
        hits.append(Hit("PUNCT_PAIR", severity, message, para, start, end, suggestion=suggestion))

    for i, ch in enumerate(text):
        if ch in OPEN:
            fam = OPEN[ch]
            if fam == "book" and any(s[0] == "book" for s in stack):
                pair_hit(i, i + 1, "warning", "书名号内再用书名号时，内层应使用单书名号“〈〉”", "〈")
            elif fam == "angle" and not any(s[0] == "book" for s in stack):
                pair_hit(i, i + 1, "warning", "单书名号“〈〉”只用于书名号内的书名，单独使用应为“《》”", "《")
            elif fam == "dq" and any(s[0] == "dq" for s in stack) and text.count("“") == text.count("”"):
                # balanced counts: a real quotation inside a quotation (else it is a typed-wrong closer)
                pair_hit(i, i + 1, "warning", "引号内再用引号时，内层应使用单引号“‘’”", "‘")
            stack.append((fam, i, ch))
            continue
        if ch not in CLOSE:
            continue
        fam = CLOSE[ch]
        if stack and stack[-1][0] == fam:
            _, j, opener = stack.pop()
            if fam == "paren":
                _paren_width(para, j, i, opener, ch, hits)
            continue
        depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == fam), None)
        if depth is not None:
            for ofam, j, opener in stack[depth + 1:]:
                if opener == "(":
                    continue
                crossed[ofam] = crossed.get(ofam, 0) + 1
                pair_hit(j, j + 1, "error",
                         f"“{opener}”在“{ch}”之前没有闭合，成对标点交叉嵌套",
                         f"在“{ch}”前补上“{PAIR_OF[ofam][1]}”")
            _, j, opener = stack[depth]
            if fam == "paren":
                _paren_width(para, j, i, opener, ch, hits)
            del stack[depth:]
            continue
        if crossed.get(fam):
            crossed[fam] -= 1
            continue
        if ch == ")" or (ch == "’" and i > 0 and text[i - 1].isascii() and text[i - 1].isalpha()):
            continue  # list markers "1)" and English apostrophes are not pairs
        if i > 0 and text[i - 1] == ch:
            pair_hit(i, i + 1, "error", f"右{_name(fam)}“{ch}”重复", f"删除多余的“{ch}”")
        else:
            pair_hit(i, i + 1, "error", f"“{ch}”没有对应的“{PAIR_OF[fam][0]}”",
                     f"补上“{PAIR_OF[fam][0]}”或删除“{ch}”")
    for fam, j, opener in stack:
        if opener == "(":
            continue
        if fam == "dq" and j == _first_text(text):
            continue  # a quotation running over several paragraphs opens each of them
        pair_hit(j, j + 1, "error", f"“{opener}”没有闭合，缺少“{PAIR_OF[fam][1]}”",
                 f"补上“{PAIR_OF[fam][1]}”")


def _first_text(text: str) -> int:
    return len(text) - len(text.lstrip())


def _name(fam: str) -> str:
    return {"book": "书名号", "dq": "引号", "sq": "引号", "paren": "括号", "lent": "方头括号",
            "angle": "单书名号", "hex": "六角括号"}[fam]


def _paren_width(para, j: int, i: int, opener: str, closer: str, hits: list[Hit]) -> None:
    text = para.text
    inner = text[j + 1:i]
    if opener == "（" and closer == "）":
        return
    if opener != closer.translate(str.maketrans("）)", "（(")):  # mixed widths
        whole = "（" + inner + "）"
        if i - j + 1 <= MIXED_SPAN_MAX:
            hits.append(Hit("PUNCT_WIDTH", "error", f"括号全角半角混用：“{text[j:i + 1]}”应为“{whole}”",
                            para, j, i + 1, suggestion=whole, fix=whole))
        else:
            k = j if opener == "(" else i
            hits.append(Hit("PUNCT_WIDTH", "error",
                            f"括号全角半角混用：“{text[k]}”应为全角“{HALF_TO_FULL[text[k]]}”",
                            para, k, k + 1, suggestion=HALF_TO_FULL[text[k]], fix=HALF_TO_FULL[text[k]]))
        return
    # both half-width: wrong in Chinese text when they hold Chinese or mark a Chinese heading
    at_start = j == _first_text(text) and is_han(_neighbour(text, i, 1))
    if any(is_han(c) for c in inner) or (at_start and inner.strip().isdigit()):
        whole = "（" + inner + "）"
        if i - j + 1 <= MIXED_SPAN_MAX:
            hits.append(Hit("PUNCT_WIDTH", "warning", f"中文文本中应使用全角括号：“{text[j:i + 1]}”应为“{whole}”",
                            para, j, i + 1, suggestion=whole, fix=whole))
        else:
            for k in (j, i):
                hits.append(Hit("PUNCT_WIDTH", "warning", f"中文文本中应使用全角括号“{HALF_TO_FULL[text[k]]}”",
                                para, k, k + 1, suggestion=HALF_TO_FULL[text[k]], fix=HALF_TO_FULL[text[k]]))


def _half_width(para, hits: list[Hit]) -> None:
    text = para.text
    for i, ch in enumerate(text):
        if ch not in ",;:?!.":
            continue
        prev, nxt = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch == ".":
            bad = is_han(prev) and (nxt is None or is_han(nxt))
        else:
            bad = is_cjk(prev) and not (nxt is not None and nxt.isascii() and nxt.isalpha()) \
                and not (ch == ":" and nxt == "/")
        if bad:
            full = HALF_TO_FULL[ch]
            hits.append(Hit("PUNCT_WIDTH", "warning", f"中文文本中应使用全角标点“{full}”，不用半角“{ch}”",
                            para, i, i + 1, suggestion=full, fix=full))
