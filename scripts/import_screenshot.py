"""Picture of the 提纲 and 数据 sheets of an imported statement, for docs/import.md and the README.

Imports seed 000 (澄江市 2023, made into a .docx), draws the first rows of both sheets as a
spreadsheet-like HTML page and photographs it with Debian's chromium (headless, never downloads).

    .venv/bin/python scripts/import_screenshot.py [SEEDS_DIR] [--out docs/images/import-sheets.png]
"""
from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import perfdoc  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CSS = """
body { font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; font-size: 13px; margin: 12px; background: #fff; }
h2 { font-size: 14px; margin: 10px 0 4px; color: #217346; }
table { border-collapse: collapse; table-layout: fixed; width: 1370px; }
td, th { border: 1px solid #d4d4d4; padding: 3px 5px; vertical-align: top; overflow: hidden;
         white-space: nowrap; text-overflow: ellipsis; }
th { background: #f3f3f3; font-weight: bold; }
td.n { background: #f3f3f3; color: #666; text-align: center; }
.ph { color: #c55a11; font-weight: bold; }
"""


def _cell(text: str) -> str:
    import re

    esc = html.escape(text or "")
    return re.sub(r"\{[^{}]+\}", lambda m: f'<span class="ph">{m.group(0)}</span>', esc)


def _table(rows: list[tuple], widths: list[int]) -> str:
    cols = "".join(f'<col style="width:{w}px">' for w in [36] + widths)
    body = []
    for i, row in enumerate(rows, 1):
        tag = "th" if i == 1 else "td"
        cells = "".join(f"<{tag}>{_cell(str(v) if v is not None else '')}</{tag}>" for v in row)
        body.append(f'<tr><td class="n">{i}</td>{cells}</tr>')
    return f"<table><colgroup>{cols}</colgroup>{''.join(body)}</table>"


def main(argv: list[str]) -> int:
    import docx
    import openpyxl

    out = ROOT / "docs" / "images" / "import-sheets.png"
    if "--out" in argv:
        out = Path(argv[argv.index("--out") + 1])
        del argv[argv.index("--out"):argv.index("--out") + 2]
    seeds = Path(argv[0]) if argv else ROOT.parent / "shared" / "seeds"
    src = next(seeds.glob("000_*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        d = docx.Document()
        for line in src.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d.add_paragraph(line.strip())
        d.save(Path(tmp) / "s.docx")
        result = perfdoc.import_statement(Path(tmp) / "s.docx", Path(tmp) / "w.xlsx")
        wb = openpyxl.load_workbook(result.path)
        outline = [r[:3] for r in wb["提纲"].iter_rows(values_only=True)][:13]
        facts = [r for r in wb["数据"].iter_rows(values_only=True)][:10]
        page = (f"<html><head><meta charset='utf-8'><style>{CSS}</style></head><body>"
                f"<h2>工作表“提纲”</h2>{_table(outline, [50, 230, 1052])}"
                f"<h2>工作表“数据”</h2>{_table(facts, [190, 90, 50, 50, 682, 140])}</body></html>")
        page_path = Path(tmp) / "sheets.html"
        page_path.write_text(page, encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp}/chrome", "--window-size=1400,720",
                        f"--screenshot={out}", page_path.as_uri()], check=True, capture_output=True, timeout=120)
    print(f"已写出：{out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
