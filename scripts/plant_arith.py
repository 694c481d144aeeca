"""Plant arithmetic errors in real texts and measure ARITHMETIC recall and false alarms.

Independent of the lint's own grammar: a figure is "in a stated relation" when, by brute force
over the figures of its paragraph, it takes part in one of the identities a 决算/评价 text states

    share     P% = A / B            (占, 完成预算的, 执行率)
    growth    P% = M / (A - M)      (较上年增加M、增长P%: A this year, M the change)
              P% = M / (A + M)      (减少M、下降P%)
    change    M  = |A - B|
    sum       A  = B + C (+ D …)    (consecutive figures of the same unit: 合计/其中, 加…总计)

Zero figures and identities through zero are ignored. For every such figure the script writes
one variant of the text with that one figure changed (one digit, chosen with a fixed seed) so
that none of its identities holds any more, runs `perfdoc.lint_text` on the variant, and counts
it found when a new ARITHMETIC finding appears in the planted paragraph. False alarms are the
ARITHMETIC findings on the clean texts.

Run: python scripts/plant_arith.py DIR [DIR ...] [--json] [--show-missed]
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from pathlib import Path

SEED = 20261206
FIG = re.compile(r"(?<![\d.,，])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元|亿元|元|万|%|个百分点|个|项|份|家|人次|人)")


def figures(line: str):
    """(start, end, value, decimals, unit) of the figures of a line."""
    out = []
    for m in FIG.finditer(line):
        raw = m.group(1)
        unit = m.group(2)
        unit = "万元" if unit == "万" else unit
        out.append((m.start(1), m.end(1), float(raw.replace(",", "")), len(raw.split(".")[1]) if "." in raw else 0,
                    unit))
    return out


def _close(x: float, stated: float, d: int, slack: float = 0.0) -> bool:
    return abs(x - stated) <= 0.5 * 10 ** -d + slack + 1e-9 or abs(int(x * 10 ** d) / 10 ** d - stated) < 1e-9


def identities(figs) -> dict[int, list]:
    """For each figure index, the identities (as index tuples with a kind) it takes part in."""
    out: dict[int, list] = {}

    def add(kind, idx):
        for i in idx:
            out.setdefault(i, []).append((kind, idx))

    amounts = [i for i, f in enumerate(figs) if f[4] not in ("%", "个百分点") and f[2] > 0]
    pcts = [i for i, f in enumerate(figs) if f[4] == "%" and f[2] > 0 and f[2] != 100]
    for p in pcts:
        P, d = figs[p][2], figs[p][3]
        for a, b in itertools.permutations(amounts, 2):
            A, B = figs[a][2], figs[b][2]
            if figs[a][4] != figs[b][4]:
                continue
            if d >= 1 and _close(A / B * 100, P, d):
                add("share", (p, a, b))
            elif d >= 1 and B > A and _close(A / (B - A) * 100, P, d):
                add("growth", (p, a, b))
            elif d >= 1 and _close(A / (B + A) * 100, P, d):
                add("growth", (p, a, b))
    for m, a, b in itertools.permutations(amounts, 3):
        if len({figs[m][4], figs[a][4], figs[b][4]}) != 1 or figs[a][2] <= figs[b][2]:
            continue
        dd = max(figs[a][3], figs[b][3])
        if figs[m][2] < figs[b][2] and _close(figs[a][2] - figs[b][2], figs[m][2], figs[m][3], 10 ** -dd):
            add("change", (m, a, b))
    for i, whole in enumerate(figs):
        if i not in amounts:
            continue
        for direction in (1, -1):
            parts, total = [], 0.0
            j = i + direction
            while 0 <= j < len(figs) and len(parts) < 8:
                if j in amounts and figs[j][4] == whole[4]:
                    parts.append(j)
                    total += figs[j][2]
                    if len(parts) >= 2 and _close(total, whole[2], whole[3], len(parts) * 0.5 * 10 ** -figs[j][3]):
                        add("sum", (i, *parts))
                        break
                j += direction
    return out


def _holds(kind, idx, figs) -> bool:
    sub = identities([figs[i] for i in idx])
    return any(k == kind for lst in sub.values() for k, _ in lst)


def plant(line: str, k: int, figs, rels, rng: random.Random) -> str | None:
    """The line with figure k changed in one digit so that none of its identities holds."""
    s, e = figs[k][0], figs[k][1]
    raw = line[s:e]
    digits = [i for i, c in enumerate(raw) if c.isdigit()]
    for _ in range(20):
        pos = rng.choice(digits[-3:] if len(digits) > 1 else digits)
        old = raw[pos]
        new = rng.choice([c for c in "0123456789" if c != old and not (pos == 0 and c == "0")])
        changed = raw[:pos] + new + raw[pos + 1:]
        nf = list(figs)
        nf[k] = (s, e, float(changed.replace(",", "")), figs[k][3], figs[k][4])
        if nf[k][2] == 0:
            continue
        if not any(_holds(kind, idx, nf) for kind, idx in rels):
            return line[:s] + changed + line[e:]
    return None


def run(dirs: list[Path], show_missed: bool = False) -> dict:
    from perfdoc import lint_text

    rng = random.Random(SEED)
    result = {"texts": 0, "planted": 0, "found": 0, "false_alarms": 0, "missed": [], "alarms": []}
    for d in dirs:
        for path in sorted(d.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            lines = [ln for ln in text.splitlines() if ln.strip()]
            result["texts"] += 1
            clean = [f for f in lint_text("\n".join(lines)) if f.code == "ARITHMETIC"]
            result["false_alarms"] += len(clean)
            result["alarms"] += [f"{path.name}:{f.paragraph} {f.message}" for f in clean]
            before = {(f.paragraph, f.start) for f in clean}
            for li, line in enumerate(lines):
                figs = figures(line)
                rels = identities(figs)
                for k in sorted(rels):
                    variant = plant(line, k, figs, rels[k], rng)
                    if variant is None:
                        continue
                    result["planted"] += 1
                    new_lines = lines[:li] + [variant] + lines[li + 1:]
                    found = [f for f in lint_text("\n".join(new_lines)) if f.code == "ARITHMETIC"
                             and f.paragraph == li + 1 and (f.paragraph, f.start) not in before]
                    if found:
                        result["found"] += 1
                    else:
                        s, e = figs[k][0], figs[k][1]
                        result["missed"].append(f"{path.name}:{li + 1} {line[max(0, s - 30):s]}[{line[s:e]}→"
                                                f"{variant[s:s + (len(variant) - len(line)) + e - s]}]{line[e:e + 20]}")
    result["recall"] = round(result["found"] / result["planted"], 3) if result["planted"] else None
    if not show_missed:
        result.pop("missed")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-missed", action="store_true")
    args = ap.parse_args()
    r = run(args.dirs, args.show_missed)
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=2))
        return
    print(f"文本 {r['texts']} 篇，植入错误 {r['planted']} 处，查出 {r['found']} 处，召回率 {r['recall']}；"
          f"原文误报 {r['false_alarms']} 处")
    for a in r["alarms"]:
        print("  误报", a)
    for m in r.get("missed", []):
        print("  漏报", m)


if __name__ == "__main__":
    sys.exit(main())
