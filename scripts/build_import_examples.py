"""Build the imported example workbooks in examples/ with `perfdoc import statement`.

    .venv/bin/python scripts/build_import_examples.py [SEEDS_DIR]

xialu-2024.xlsx   from seed 001 (下陆区 2024 情况说明)
atushi-2023.xlsx  from seed 003 (阿图什市 2023 情况说明)

Each seed (.txt, one paragraph per line) is first made into a .docx, as an officer would have it,
then imported: every sentence, heading and figure of the workbook comes from the seed; nothing is
added by hand. SEEDS_DIR defaults to ../shared/seeds beside the repository.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import perfdoc  # noqa: E402

EXAMPLES = {"xialu-2024": "001_", "atushi-2023": "003_"}


def main(argv: list[str]) -> int:
    import docx

    seeds = Path(argv[0]) if argv else ROOT.parent / "shared" / "seeds"
    with tempfile.TemporaryDirectory() as tmp:
        for name, prefix in EXAMPLES.items():
            src = next(seeds.glob(f"{prefix}*.txt"))
            d = docx.Document()
            for line in src.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    d.add_paragraph(line.strip())
            source = Path(tmp) / f"{name}.docx"
            d.save(source)
            result = perfdoc.import_statement(source, ROOT / "examples" / f"{name}.xlsx")
            print(f"{result.path.relative_to(ROOT)}: {result.title}；提纲 {result.headings} 个标题、"
                  f"{result.paragraphs} 个段落；数据 {result.facts} 项；更正 {len(result.fixes)} 处")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
