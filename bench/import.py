"""Time `perfdoc import statement` on a 20-page statement against python-docx reading the same file.

The statement is built from the seeds' text (shared/seeds: headings, figures, years, 文号) repeated
until it holds about 20 pages of GB/T 9704 body text (22 lines × 28 characters = 616 characters a
page), plus a 6×4 table. Figures printed:
- first import in a fresh process (imports of perfdoc, lxml, jieba and the word lists included): the
  user's wait, and its CPU time (what it costs without the other jobs sharing the two cores);
- warm import (median of 5 in one process);
- the floor: python-docx opening the same file and reading every paragraph's text (median of 5),
  and the same in a fresh process including the python-docx import;
- the whole command `perfdoc import statement FILE -o OUT.xlsx` as a user runs it.
Run: .venv/bin/python bench/import.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

# the same 20-page document the lint bench proofreads (seed text, one table); the script's folder is on sys.path
from lint import CHARS_PER_PAGE, build_report as build_statement, median_time  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "statement-20pages.docx"
        out = Path(tmp) / "workbook.xlsx"
        chars, paragraphs = build_statement(path)
        print(f"情况说明：{paragraphs} 段，{chars} 字（约 {chars / CHARS_PER_PAGE:.1f} 页）")

        code = ("import time; t=time.perf_counter(); c=time.process_time(); import perfdoc; "
                "r=perfdoc.import_statement(r'%s', r'%s'); "
                "print(time.perf_counter()-t, r.headings, r.paragraphs, r.facts, time.process_time()-c)")
        fields = subprocess.run([sys.executable, "-c", code % (path, out)], capture_output=True, text=True,
                                check=True).stdout.split()
        cold, cold_cpu = float(fields[0]), float(fields[4])
        code = ("import time; t=time.perf_counter(); import docx; "
                "n=len([p.text for p in docx.Document(r'%s').paragraphs]); print(time.perf_counter()-t)" % path)
        floor_cold = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                          check=True).stdout.split()[0])
        t = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "perfdoc"), "import", "statement", str(path),
                        "-o", str(out)], capture_output=True, text=True, check=True)
        cli = time.perf_counter() - t

        import docx

        import perfdoc

        perfdoc.import_statement(path, out)
        warm = median_time(lambda: perfdoc.import_statement(path, out))
        floor = median_time(lambda: [p.text for p in docx.Document(path).paragraphs])
        print(f"导入结果：{fields[1]} 个标题、{fields[2]} 个段落、{fields[3]} 项数据")
        print(f"首次导入（新进程，含导入与词表加载）：{cold:.3f} s，其中 CPU 时间 {cold_cpu:.3f} s（目标 ≤ 1 s）")
        print(f"再次导入（中位数）：{warm:.3f} s（目标 ≤ 1 s）")
        print(f"基线：python-docx 读取全部段落文字（中位数）：{floor:.3f} s")
        print(f"基线首次（新进程，含 python-docx 导入）：{floor_cold:.3f} s")
        print(f"命令行 perfdoc import statement 全程（含解释器启动）：{cli:.3f} s")
        print(f"比值：首次/基线首次 = {cold / floor_cold:.1f}×，再次/基线 = {warm / floor:.1f}×")


if __name__ == "__main__":
    main()
