"""Render the four documents, convert them to PDF (LibreOffice) and page images (pdftoppm).

Run: .venv/bin/python scripts/visual_check.py [--data examples/chengjiang-2023.xlsx] [--out out/visual]
                                             [--goals examples/goals-example.xlsx]
                                             [--images docs/images] [--dpi 60]
One soffice call converts all files, with its own profile folder (two soffice processes on one
profile fail silently) and FONTCONFIG_FILE=scripts/fontconfig/fonts.conf, which maps the GB/T
font names to free CJK fonts. Page-1 PNGs are copied to --images as statement.png, circular.png,
notice.png, opinion.png (the first unit's 绩效目标审核意见书). Prints the PDF paths.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONTCONFIG = ROOT / "scripts" / "fontconfig" / "fonts.conf"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def environment() -> dict:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTCONFIG)
    return env


def to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """Convert .docx files to PDF with one soffice call and a private profile."""
    exe = soffice()
    if exe is None:
        raise SystemExit("找不到 LibreOffice（soffice），请安装 libreoffice-writer-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="perfdoc-lo-") as profile:
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
        subprocess.run(cmd, check=True, capture_output=True, env=environment(), timeout=300)
    pdfs = [outdir / (f.stem + ".pdf") for f in files]
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        raise SystemExit(f"LibreOffice 未生成：{', '.join(map(str, missing))}")
    return pdfs


def first_page_png(pdf: Path, target: Path, dpi: int) -> Path:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)],
                   check=True, capture_output=True, env=environment(), timeout=120)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(prefix.with_suffix(".png"), target)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT / "examples" / "chengjiang-2023.xlsx")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "visual")
    ap.add_argument("--goals", type=Path, default=ROOT / "examples" / "goals-example.xlsx")
    ap.add_argument("--images", type=Path, default=None, help="copy page-1 PNGs here")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args(argv)

    import datetime as dt

    from perfdoc import render, render_opinion

    args.out.mkdir(parents=True, exist_ok=True)
    statement = render("statement", args.data, args.out / "statement.docx")
    circular = render("circular", args.data, args.out / "circular.docx")
    folder = render("notices", args.data, args.out / "notices")
    notice = args.out / "notice.docx"
    shutil.copyfile(sorted(folder.glob("*.docx"))[0], notice)
    opinions = render_opinion(args.goals, args.out / "opinions", organ="某县财政局", date=dt.date(2023, 12, 1))
    opinion = args.out / "opinion.docx"
    shutil.copyfile(sorted(opinions.glob("*.docx"))[0], opinion)
    pdfs = to_pdf([statement, circular, notice, opinion], args.out)
    for pdf in pdfs:
        print(pdf)
    if args.images:
        for pdf in pdfs:
            print(first_page_png(pdf, args.images / f"{pdf.stem}.png", args.dpi))
    return 0


if __name__ == "__main__":
    sys.exit(main())
