"""LibreOffice conversion of the three documents: key figures in the PDF text, aliased font families."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdftohtml")),
                       reason="LibreOffice or poppler-utils not installed"),
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "visual_check.py"), "--out", str(out)], check=True,
                   capture_output=True, timeout=600)
    return {k: out / f"{k}.pdf" for k in ("statement", "circular", "notice")}


def _text(pdf: Path) -> str:
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", raw)


@pytest.mark.parametrize("kind, phrases", [
    ("statement", ["2496条绩效指标", "17,969.78万元", "80.00", "“良”", "77.50", "70.83%", "12.50%", "16.67%",
                   "100.00%", "50,721.43万元", "407,160.08万元", "一、基础工作开展情况", "六、绩效结果应用情况", "—1—"]),
    ("circular", ["澄财绩〔2023〕1号", "关于2023年部门预算绩效运行监控情况的通报", "各预算部门（单位）：", "73.41%",
                  "抄送：", "附件"]),
    ("notice", ["澄财绩整改〔2023〕1号", "整改期限", "2024年1月31日", "回执", "签收人"]),
])
def test_pdf_text_has_key_figures(pdfs, kind, phrases):
    text = _text(pdfs[kind])
    for phrase in phrases:
        assert re.sub(r"\s+", "", phrase) in text, phrase


def test_pdf_uses_the_aliased_families(pdfs):
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(pdfs["statement"])], capture_output=True,
                         text=True, check=True).stdout
    families = set(re.findall(r'family="(?:[A-Z]{6}\+)?([^"]+)"', xml))
    joined = " ".join(families)
    assert "UMing" in joined  # 仿宋_GB2312 body
    assert "UKai" in joined  # 楷体_GB2312 （一） headings
    assert "NotoSansCJK" in joined  # 黑体 一、 headings
    assert "NotoSerifCJK" in joined  # 方正小标宋简体 title, 宋体 page number


def test_pdf_page_count_is_plausible(pdfs):
    info = subprocess.run(["pdfinfo", str(pdfs["statement"])], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 3 <= pages <= 10
