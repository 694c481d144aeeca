"""Time `perfdoc lint` on a 20-page report against plain python-docx paragraph extraction.

The report is built from the seeds' text (shared/seeds) repeated until it holds about 20 pages
of GB/T 9704 body text (22 lines × 28 characters = 616 characters a page). Figures printed:
- first lint in a fresh process (imports, lexicon and pinyin loading included): the user's wait;
- the same with two typos added at the end: TYPO candidates make the lint load jieba to check
  that each span stands as whole words of its sentence (the worst case, paid once per process);
- warm lint (median of 5 in one process);
- the floor: python-docx opening the same file and reading every paragraph's text (median of 5),
  and the same in a fresh process including the python-docx import;
- the whole command `perfdoc lint FILE --json` as a user runs it (interpreter start included).
Run: .venv/bin/python bench/lint.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CHARS_PER_PAGE = 22 * 28
PAGES = 20


def build_report(path: Path) -> tuple[int, int]:
    import docx

    lines = []
    for seed in sorted(SEEDS.glob("*.txt")):
        lines += [ln.strip() for ln in seed.read_text(encoding="utf-8").splitlines() if ln.strip()]
    doc = docx.Document()
    chars, paragraphs = 0, 0
    while chars < PAGES * CHARS_PER_PAGE:
        for ln in lines:
            doc.add_paragraph(ln)
            chars += len(ln)
            paragraphs += 1
            if chars >= PAGES * CHARS_PER_PAGE:
                break
    table = doc.add_table(rows=6, cols=4)
    for r in range(6):
        for c, text in enumerate(("单位", "预算数（万元）", "执行数（万元）", "执行率")):
            table.cell(r, c).text = text if r == 0 else f"{text}{r}"
    doc.save(path)
    return chars, paragraphs


def median_time(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report-20pages.docx"
        chars, paragraphs = build_report(path)
        print(f"报告：{paragraphs} 段，{chars} 字（约 {chars / CHARS_PER_PAGE:.1f} 页）")

        code = ("import time; t=time.perf_counter(); import perfdoc; f=perfdoc.lint_file(r'%s'); "
                "print(time.perf_counter()-t, len(f))")
        out = subprocess.run([sys.executable, "-c", code % path], capture_output=True, text=True,
                             check=True).stdout.split()
        cold, count = float(out[0]), int(out[1])
        import docx

        typo_path = Path(tmp) / "report-20pages-typos.docx"
        doc = docx.Document(path)
        doc.add_paragraph("推进预算绩效管理全履盖，强化绩效坚控。")
        doc.save(typo_path)
        out = subprocess.run([sys.executable, "-c", code % typo_path], capture_output=True, text=True,
                             check=True).stdout.split()
        cold_typo, count_typo = float(out[0]), int(out[1])

        code = ("import time; t=time.perf_counter(); import docx; "
                "n=len([p.text for p in docx.Document(r'%s').paragraphs]); print(time.perf_counter()-t)" % path)
        floor_cold = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                          check=True).stdout.split()[0])
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "perfdoc"), "lint", str(path), "--json"],
                       capture_output=True, text=True)
        cli = time.perf_counter() - t

        import perfdoc

        perfdoc.lint_file(path)
        warm = median_time(lambda: perfdoc.lint_file(path))
        floor = median_time(lambda: [p.text for p in docx.Document(path).paragraphs])
        print(f"首次校对（新进程，含导入与词表加载）：{cold:.3f} s，发现 {count} 处（目标 ≤ 1 s）")
        print(f"首次校对，文中有 2 处错别字（新进程，含加载 jieba 分词）：{cold_typo:.3f} s，发现 {count_typo} 处"
              f"（目标 ≤ 1 s）")
        print(f"再次校对（中位数）：{warm:.3f} s")
        print(f"基线：python-docx 读取全部段落文字（中位数）：{floor:.3f} s")
        print(f"基线首次（新进程，含 python-docx 导入）：{floor_cold:.3f} s")
        print(f"命令行 perfdoc lint --json 全程（含解释器启动）：{cli:.3f} s")
        print(f"比值：首次/基线首次 = {cold / floor_cold:.1f}×，再次/基线 = {warm / floor:.1f}×")
        without_typo(path, Path(tmp), floor_cold, floor)


REAL = ROOT / "tests" / "data" / "lint_real"


def without_typo(path: Path, tmp: Path, floor_cold: float, floor: float) -> None:
    """The 20-page reports proofread without TYPO (issue 12b: ≤ 0.3 s): the seeds' report, and one
    made of real 决算/三公 texts (tests/data/lint_real), dense with figures for ARITHMETIC's claims."""
    import docx

    import perfdoc

    lines = [ln.strip() for p in sorted(REAL.glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    figures_path = tmp / "report-20pages-figures.docx"
    doc, chars = docx.Document(), 0
    while chars < PAGES * CHARS_PER_PAGE:
        for ln in lines:
            doc.add_paragraph(ln)
            chars += len(ln)
    doc.save(figures_path)
    code = ("import time; t=time.perf_counter(); import perfdoc; i=time.perf_counter(); "
            "f=perfdoc.lint_file(r'%s', disable=('TYPO',)); print(time.perf_counter()-t, time.perf_counter()-i, len(f))")
    for name, p in (("情况说明（种子文本）", path), (f"决算说明（真实文本，{chars} 字）", figures_path)):
        out = subprocess.run([sys.executable, "-c", code % p], capture_output=True, text=True, check=True).stdout.split()
        cold, lint_only, count = float(out[0]), float(out[1]), int(out[2])
        warm = median_time(lambda: perfdoc.lint_file(p, disable=("TYPO",)))
        print(f"不含 TYPO，{name}：首次（新进程）{cold:.3f} s，其中 import perfdoc 之后的校对 {lint_only:.3f} s，发现 {count} 处"
              f"（目标 ≤ 0.3 s）；再次（中位数）{warm:.3f} s；比值 首次/基线首次 = {cold / floor_cold:.1f}×，"
              f"再次/基线 = {warm / floor:.1f}×")


if __name__ == "__main__":
    main()
