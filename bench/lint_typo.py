"""Measure TYPO: recall on planted misspellings, false alarms on clean real text, and its time.

Accuracy (held-out texts that neither the language model's corpus nor any tuning has seen; they
live outside the repository, by default in ../heldout/lint beside it: *.txt, first line
"# source: URL"; planted.jsonl there is made by scripts/plant_typos.py with its fixed seed):
- recall: a planted misspelling counts as found when a TYPO finding covers it, and as corrected
  when that finding's suggestion restores the original word;
- false alarms: TYPO findings on the clean texts, per 10,000 characters, each listed;
- baseline, same run: the phrase list alone (TYPO as it was before the language model).
The three seeds (shared/seeds, part of the model's corpus) are checked for false alarms too.

Time (the 20-page report of bench/lint.py, built from the seeds, plus two misspellings):
first lint in a fresh process with TYPO on and with TYPO off, against python-docx reading the
same paragraphs in a fresh process (the floor); wall-clock and CPU time of the process (CPU time
is the figure to read on a machine shared with other jobs). Run: .venv/bin/python bench/lint_typo.py
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
HELDOUT = ROOT.parent / "heldout" / "lint"
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))


def clean_lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def typo_findings(text: str):
    from perfdoc import lint_text

    return [f for f in lint_text(text) if f.code == "TYPO"]


def recall(planted: list[dict]) -> tuple[int, int, list[dict]]:
    found = corrected = 0
    missed = []
    for row in planted:
        hits = [f for f in typo_findings(row["text"]) if f.start < row["end"] and row["start"] < f.end]
        if not hits:
            missed.append(row)
            continue
        found += 1
        f = hits[0]
        fixed = row["text"][:f.start] + (f.suggestion or "") + row["text"][f.end:]
        corrected += fixed[row["start"]:row["end"]] == row["right"]
    return found, corrected, missed


def false_alarms(files: list[Path]) -> tuple[int, list[tuple[str, str, str]]]:
    chars, alarms = 0, []
    for path in files:
        for line in clean_lines(path):
            chars += len(line)
            alarms += [(path.name, f.excerpt, f.suggestion or "") for f in typo_findings(line)]
    return chars, alarms


def accuracy(heldout: Path) -> None:
    from perfdoc.lint import spell

    planted_path = heldout / "planted.jsonl"
    if not planted_path.is_file():
        from plant_typos import plant

        rows = plant(heldout)
        planted_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    planted = [json.loads(ln) for ln in planted_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    texts = sorted(heldout.glob("*.txt"))
    texts = [p for p in texts if clean_lines(p) and p.read_text(encoding="utf-8").startswith("# source:")]
    print(f"留出文本：{len(texts)} 篇（{heldout}），植入错别字 {len(planted)} 处"
          f"（同音 {sum(r['kind'] == 'sound' for r in planted)}，形近 {sum(r['kind'] == 'shape' for r in planted)}）")

    results = {}
    original = spell.check_text
    for name, off in (("短语表基线", True), ("语言模型", False)):
        if off:
            spell.check_text = lambda *a, **k: []
        try:
            found, corrected, missed = recall(planted)
            chars, alarms = false_alarms(texts)
            seed_chars, seed_alarms = false_alarms(sorted(SEEDS.glob("*.txt"))) if SEEDS.is_dir() else (0, [])
        finally:
            spell.check_text = original
        results[name] = (found, corrected, missed, chars, alarms, seed_chars, seed_alarms)
        print(f"{name}：召回 {found}/{len(planted)} = {found / len(planted):.3f}，"
              f"其中建议恰好还原原词 {corrected}；"
              f"误报 {len(alarms)} 处 / {chars} 字 = 每万字 {len(alarms) / chars * 1e4:.1f}；"
              f"种子情况说明误报 {len(seed_alarms)} 处 / {seed_chars} 字")
    found, corrected, missed, chars, alarms, _, seed_alarms = results["语言模型"]
    for kind in ("sound", "shape"):
        rows = [r for r in planted if r["kind"] == kind]
        hit = sum(1 for r in rows if r not in missed)
        print(f"  {'同音' if kind == 'sound' else '形近'}：{hit}/{len(rows)}")
    for fname, excerpt, suggestion in alarms + seed_alarms:
        print(f"  误报 {fname}：{excerpt} → {suggestion}")
    for r in missed:
        print(f"  漏报：{r['wrong']}（{r['right']}）", r["text"][max(0, r["start"] - 6):r["end"] + 6])


def timing() -> None:
    from lint import CHARS_PER_PAGE, build_report

    with tempfile.TemporaryDirectory() as tmp:
        import docx

        path = Path(tmp) / "report-20pages.docx"
        chars, paragraphs = build_report(path)
        doc = docx.Document(path)
        doc.add_paragraph("各单位要高度重视，认真组只实施，切实发挥资金使用效益，坚持统筹兼故。")
        doc.save(path)
        print(f"报告：{paragraphs + 1} 段，约 {chars} 字（约 {chars / CHARS_PER_PAGE:.1f} 页），文中 2 处错别字")
        code = ("import time; t=time.perf_counter(); c=time.process_time(); import perfdoc; "
                "f=perfdoc.lint_file(r'%s', disable=%r); "
                "print(time.perf_counter()-t, time.process_time()-c, sum(x.code == 'TYPO' for x in f))")
        figures = {}
        for name, disable in (("TYPO 开", ()), ("TYPO 关", ("TYPO",))):
            runs = [subprocess.run([sys.executable, "-c", code % (path, disable)], capture_output=True,
                                   text=True, check=True).stdout.split() for _ in range(3)]
            figures[name] = (min(float(r[0]) for r in runs), min(float(r[1]) for r in runs))
            print(f"首次校对（新进程，含导入与模型加载），{name}：{figures[name][0]:.3f} s，"
                  f"CPU {figures[name][1]:.3f} s（3 次取最短），TYPO {runs[0][2]} 处")
        code = ("import time; t=time.perf_counter(); c=time.process_time(); import docx; "
                "n=len([p.text for p in docx.Document(r'%s').paragraphs]); "
                "print(time.perf_counter()-t, time.process_time()-c)" % path)
        runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               check=True).stdout.split() for _ in range(3)]
        floor = (min(float(r[0]) for r in runs), min(float(r[1]) for r in runs))
        code = ("import time; t=time.perf_counter(); c=time.process_time(); from perfdoc.lint import lm; "
                "m=lm.load(); print(time.perf_counter()-t, time.process_time()-c)")
        runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               check=True).stdout.split() for _ in range(3)]
        load = (min(float(r[0]) for r in runs), min(float(r[1]) for r in runs))
        print(f"其中语言模型加载（新进程，含 perfdoc 导入）：{load[0]:.3f} s，CPU {load[1]:.3f} s")
        print(f"基线：python-docx 读取全部段落（新进程，含导入）：{floor[0]:.3f} s，CPU {floor[1]:.3f} s")
        on, off = figures["TYPO 开"], figures["TYPO 关"]
        print(f"比值（墙钟）：TYPO 开/基线 = {on[0] / floor[0]:.1f}×，TYPO 关/基线 = {off[0] / floor[0]:.1f}×，"
              f"TYPO 开/TYPO 关 = {on[0] / off[0]:.2f}×")
        print(f"比值（CPU）：TYPO 开/基线 = {on[1] / floor[1]:.1f}×，TYPO 关/基线 = {off[1] / floor[1]:.1f}×，"
              f"TYPO 开/TYPO 关 = {on[1] / off[1]:.2f}×")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="TYPO: recall, false alarms and time")
    ap.add_argument("--heldout", type=Path, default=HELDOUT, help="folder of held-out real texts")
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--skip-timing", action="store_true")
    args = ap.parse_args(argv)
    if not args.skip_accuracy:
        if args.heldout.is_dir():
            accuracy(args.heldout)
        else:
            print(f"（没有留出文本目录 {args.heldout}，跳过召回与误报）")
    if not args.skip_timing:
        timing()


if __name__ == "__main__":
    main()
