"""import statement on the three seed statements (made into .docx at test time)."""
from __future__ import annotations

import re

import pytest

import perfdoc
from perfdoc import import_statement
from perfdoc.statement_import.verify import kept_ratio

from .conftest import expanded, seed_lines, sheet_rows

SEEDS = [  # stem, title, region, year, level-1 headings
    ("000", "2023年度澄江市预算绩效工作开展情况说明", "澄江市", "2023", 4),
    ("001", "2024年下陆区预算绩效管理工作情况说明", "下陆区", "2024", 4),
    ("003", "2023年阿图什市全面实施预算绩效管理工作开展情况说明", "阿图什市", "2023", 1),
]


@pytest.mark.parametrize("stem,title,region,year,n_level1", SEEDS)
def test_seed_round_trip(tmp_path, seeds_dir, seed_docx, stem, title, region, year, n_level1):
    src = seed_docx(stem)
    result = import_statement(src, tmp_path / "out.xlsx")
    info = dict(sheet_rows(result.path, "基本信息")[1:])
    assert (info["地区"], info["年度"]) == (region, year)
    assert re.sub(r"\{年度\}", year, info["标题"]) == title
    paragraphs = expanded(result.path)
    ratio, missing = kept_ratio(seed_lines(next(seeds_dir.glob(f"{stem}_*.txt"))), paragraphs)
    assert ratio >= 0.97, missing
    level1 = [p[:2] for p, (lvl, *_rest) in zip(paragraphs[1:], sheet_rows(result.path, "提纲")[1:]) if lvl == "1"]
    assert level1 == ["一、", "二、", "三、", "四、"][:n_level1]


def test_seed_000_fixes_are_reported(tmp_path, seed_docx):
    result = import_statement(seed_docx("000"), tmp_path / "out.xlsx")
    text = "\n".join(result.fixes)
    for wrong, right in (("1、", "一、"), ("4、", "四、"), ("（2）", "（二）"), ("（3）", "（二）")):
        assert f"“{wrong}”改为“{right}”" in text
    assert "标题分在2段" in text


@pytest.mark.parametrize("stem", ["000", "003"])
def test_seed_figures_are_facts_used_in_outline(tmp_path, seed_docx, stem):
    result = import_statement(seed_docx(stem), tmp_path / "out.xlsx")
    facts = sheet_rows(result.path, "数据")[1:]
    outline = "".join(str(c) for row in sheet_rows(result.path, "提纲")[1:] for c in row)
    assert facts
    for name, value, unit, formula, note, written in facts:
        assert "{" + name + "}" in outline
        assert isinstance(value, str) and not formula
    written = {row[5] for row in facts}
    if stem == "000":
        assert {"2496条", "17,969.78万元", "350余人", "100.00%", "80.00分", "0.00万元"} <= written


def test_changing_a_fact_changes_every_sentence_using_it(tmp_path, seed_docx):
    result = import_statement(seed_docx("000"), tmp_path / "out.xlsx")
    facts = {row[0]: row for row in sheet_rows(result.path, "数据")[1:]}
    outline_rows = sheet_rows(result.path, "提纲")[1:]
    name = next(n for n, row in facts.items() if row[5] == "350余人")
    before, after = expanded(result.path), expanded(result.path, {name: "420"})
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    using = [i + 1 for i, row in enumerate(outline_rows) if "{" + name + "}" in (row[1] + row[2])]
    assert changed == using and changed
    assert all("420余人" in after[i] and "350余人" in before[i] for i in changed)


def test_next_year_moves_every_mention_of_the_statement_year(tmp_path, seed_docx):
    result = import_statement(seed_docx("000"), tmp_path / "out.xlsx")
    before, after = expanded(result.path), expanded(result.path, year_delta=1)
    count = lambda ps, y: sum(len(re.findall(rf"{y}年(?!\d)", p)) for p in ps)  # noqa: E731
    # every 2023年 outside 《》 and 文号 becomes 2024年; 2024年 (next year) becomes 2025年
    outside = lambda ps: [re.sub(r"《[^》]*》|〔\d{4}〕", "", p) for p in ps]  # noqa: E731
    assert count(outside(after), 2024) == count(outside(before), 2023)
    assert count(outside(after), 2025) == count(outside(before), 2024)
    assert "便笺〔2023〕42号" in "".join(after)  # a document number names that document: it stays


def _rendered(xlsx, out):
    from perfdoc.lint.reader import read_draft

    perfdoc.render("statement", xlsx, out)
    return [p.text.replace("\n", "") for p in read_draft(out).paragraphs]


@pytest.mark.parametrize("stem", ["000", "001", "003"])
def test_seed_import_then_render(tmp_path, seeds_dir, seed_docx, stem):
    """The acceptance path: import statement, then render statement (the real renderer)."""
    result = import_statement(seed_docx(stem), tmp_path / "o.xlsx")
    paras = _rendered(result.path, tmp_path / "o.docx")
    lines = seed_lines(next(seeds_dir.glob(f"{stem}_*.txt")))
    n = len(result.title) and next(k for k in range(1, 4) if "".join(lines[:k]) == result.title)
    ratio, missing = kept_ratio([result.title] + lines[n:], paras)
    assert ratio >= 0.97, missing
    level1 = [p[:2] for p in paras if re.match(r"^[一二三四五六七八九十]+、", p)]
    assert level1 == ["一、", "二、", "三、", "四、"][: len(level1)]


@pytest.mark.parametrize("example,stem", [("xialu-2024", "001"), ("atushi-2023", "003")])
def test_examples_are_the_import_of_their_seed(tmp_path, seed_docx, example, stem):
    """examples/*.xlsx are exactly what `import statement` makes of the seed (scripts/build_import_examples.py)."""
    from pathlib import Path

    committed = Path(__file__).resolve().parents[2] / "examples" / f"{example}.xlsx"
    fresh = import_statement(seed_docx(stem), tmp_path / "fresh.xlsx").path
    for sheet in ("基本信息", "提纲", "数据"):
        assert sheet_rows(committed, sheet) == sheet_rows(fresh, sheet), sheet
