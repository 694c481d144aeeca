"""Measure `import statement` → `render statement` on statements (.txt one paragraph a line, or .docx).

For each file: make a .docx (one paragraph per line) when given .txt, import it, render the
workbook, and report
  kept      share of the source's sentences found verbatim in the rendering (split on 。！？；)
  level1    the rendered level-1 heading numbers (must run 一、二、三… without a jump)
  facts     facts in 数据, and whether every one is used in 提纲
  change    one fact's 数值 changed: do exactly the paragraphs using it change?
  year+1    年度 one higher: does every statement-year mention move (outside 《》 and 文号)?

    python scripts/import_roundtrip.py /work/shared/seeds/*.txt tests/data/statements/*.txt
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import perfdoc  # noqa: E402
from perfdoc.lint.reader import read_draft  # noqa: E402
from perfdoc.statement_import.verify import kept_ratio  # noqa: E402


def to_docx(src: Path, out: Path) -> tuple[Path, list[str]]:
    import docx

    if src.suffix.lower() == ".docx":
        return src, [p.text for p in read_draft(src).paragraphs]
    lines = [line.strip() for line in src.read_text(encoding="utf-8").splitlines() if line.strip()]
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    d.save(out)
    return out, lines


def rendered(xlsx: Path, out: Path) -> list[str]:
    perfdoc.render("statement", xlsx, out)
    return [p.text for p in read_draft(out).paragraphs]


def edit(xlsx: Path, out: Path, *, fact: str | None = None, value: str | None = None, year_delta: int = 0) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    if fact is not None:
        for row in wb["数据"].iter_rows(min_row=2):
            if row[0].value == fact:
                row[1].value = value
    if year_delta:
        for row in wb["基本信息"].iter_rows(min_row=2):
            if row[0].value == "年度":
                row[1].value = str(int(row[1].value) + year_delta)
    wb.save(out)
    return out


def year_mentions(paragraphs: list[str]) -> list[int]:
    """Years (…年) outside 《》 and 文号, in order, in the body (the 落款 date is 基本信息.成文日期)."""
    body = [p for p in paragraphs if not re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", p.strip())]
    text = "".join(re.sub(r"《[^》]*》|[〔\[【]\d{4}[〕\]】]", "", p) for p in body)
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?=年)", text)]


def join_title(paragraphs: list[str], title: str) -> list[str]:
    """The title as one paragraph (the source may split it over lines, the renderer over others)."""
    acc = ""
    for i, p in enumerate(paragraphs[:4]):
        acc += p.replace("\n", "").strip()
        if acc == title:
            return [title] + paragraphs[i + 1:]
    return paragraphs


def measure(src: Path, work: Path) -> dict:
    docx_path, lines = to_docx(src, work / f"{src.stem}.docx")
    xlsx = work / f"{src.stem}.xlsx"
    result = perfdoc.import_statement(docx_path, xlsx)
    note = ""
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    info = {row[0].value: row[1] for row in wb["基本信息"].iter_rows(min_row=2)}
    filled = []
    for key, value in (("年度", "2018"), ("成文日期", "2018-12-31"), ("地区", "某地"), ("发文机关", "某地财政局"),
                       ("发文代字", "某财")):
        if not info[key].value:  # what the import could not find and asked the user to fill in
            info[key].value = value
            filled.append(key)
    if filled:
        note = f"（原文没有{'、'.join(filled)}，测量时按用户补填）"
        wb.save(xlsx)
    paras = rendered(xlsx, work / f"{src.stem}-out.docx")
    ratio, missing = kept_ratio(join_title(lines, result.title), join_title(paras, result.title))
    level1 = [m.group(0) for p in paras if (m := re.match(r"^[一二三四五六七八九十]+、", p))]
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    facts = [r for r in wb["数据"].iter_rows(min_row=2, values_only=True) if r[0]]
    outline = "|".join(str(c or "") for r in wb["提纲"].iter_rows(min_row=2, values_only=True) for c in r[1:3])
    unused = [f[0] for f in facts if "{" + f[0] + "}" not in outline]
    change = "—"
    if facts:
        name = max(facts, key=lambda f: outline.count("{" + f[0] + "}"))[0]
        value = str(int(float(next(f[1] for f in facts if f[0] == name))) + 7)
        after = rendered(edit(xlsx, work / "changed.xlsx", fact=name, value=value), work / "changed.docx")
        changed = sum(1 for a, b in zip(paras, after) if a != b)
        using = sum(1 for r in wb["提纲"].iter_rows(min_row=2, values_only=True)
                    if "{" + name + "}" in (str(r[1] or "") + str(r[2] or "")))
        change = f"{name}: {changed}/{using} paragraphs changed"
    roll = "—"
    if result.year:
        nxt = rendered(edit(xlsx, work / "next.xlsx", year_delta=1), work / "next.docx")
        before, after = year_mentions(paras), year_mentions(nxt)
        near = [i for i, y in enumerate(before) if abs(y - result.year) <= 1]
        moved = sum(1 for i in near if i < len(after) and after[i] == before[i] + 1)
        other = [i for i, y in enumerate(before) if abs(y - result.year) > 1]
        kept = sum(1 for i in other if i < len(after) and after[i] == before[i])
        ok_roll = len(before) == len(after) and moved == len(near) and kept == len(other)
        roll = (f"{moved}/{len(near)} mentions of {result.year}±1 moved one year, "
                f"{kept}/{len(other)} other years kept{'' if ok_roll else ' (MISMATCH)'}")
    return {"file": src.name, "title": result.title, "region": result.region, "year": result.year,
            "kept": ratio, "sentences": len(missing), "missing": missing, "level1": "".join(level1),
            "facts": len(facts), "unused": unused, "change": change, "year+1": roll, "fixes": result.fixes, "note": note}


def main(paths: list[str]) -> int:
    ok = True
    with tempfile.TemporaryDirectory(prefix="perfdoc-roundtrip-") as tmp:
        for p in paths:
            r = measure(Path(p), Path(tmp))
            expected = "".join(f"{perfdoc_cn(i)}、" for i in range(1, len(r["level1"].split("、"))))
            ok &= r["kept"] >= 0.97 and r["level1"] == expected and not r["unused"]
            print(f"{r['file']}: kept {r['kept']:.1%} of sentences verbatim ({r['sentences']} missing); "
                  f"level 1: {r['level1'] or '—'}; facts {r['facts']} (unused {len(r['unused'])}); "
                  f"{r['change']}; year+1: {r['year+1']}")
            print(f"    title={r['title']!r} region={r['region']!r} year={r['year']} fixes={len(r['fixes'])}{r['note']}")
            for m in r["missing"][:5]:
                print(f"    missing: {m[:80]}")
    return 0 if ok else 1


def perfdoc_cn(n: int) -> str:
    from perfdoc.lint.reader import chinese_number

    return chinese_number(n)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
