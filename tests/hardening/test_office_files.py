"""Hostile and damaged .xlsx/.docx through every reader (申报表, yearly workbook, draft, template):
refused with a PerfdocError (CLI exit 2, web 4xx) in bounded time and memory, never a traceback.

Bounds checked here: ≤ 10 s and ≤ 1 GB peak RSS for each CLI run (measured on the subprocess).
"""
from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

import perfdoc
from perfdoc.errors import PerfdocError

from .badfiles import (GOALS, LAUGHS, XXE, YEARLY, bad_crc, docx_long_text, docx_paragraphs, many_members,
                       members, rezip, sample_docx, with_doctype, xlsx_inflating)
from .test_input_attacks import run_measured

CJK = __import__("re").compile(r"[\u4e00-\u9fff]")


def _docx(tmp_path):
    return sample_docx(tmp_path / "draft.docx")


# --- every XML part, DTD bombs and external entities: in process, fast --------------------------

def _xml_parts(path: Path) -> list[str]:
    return [i.filename for i, _ in members(path) if i.filename.endswith((".xml", ".rels", ".vml"))]


def _readers(tmp_path):
    """(label, source file, reader) for every job that reads an Office file."""
    return [
        ("check", GOALS, lambda p: perfdoc.check_file(p)),
        ("render", YEARLY, lambda p: perfdoc.render("statement", p, tmp_path / "out.docx")),
        ("lint", _docx(tmp_path), lambda p: perfdoc.lint_file(p)),
        ("template", _docx(tmp_path), lambda p: perfdoc.render("circular", YEARLY, tmp_path / "c.docx", template=p)),
    ]


@pytest.mark.parametrize("doctype, entity", [(LAUGHS, b"&lol9;"), (XXE, b"&xxe;")], ids=["billion-laughs", "xxe"])
def test_dtd_in_every_xml_part_refused(tmp_path, doctype, entity):
    tried = 0
    for label, src, read in _readers(tmp_path):
        parts = dict((i.filename, d) for i, d in members(src))
        for part in _xml_parts(src):
            bad = rezip(src, tmp_path / f"bad{src.suffix}", {part: with_doctype(parts[part], doctype, entity)})
            t0 = time.process_time()
            with pytest.raises(PerfdocError) as info:
                read(bad)
            assert "DTD" in str(info.value), (label, part, str(info.value))
            assert time.process_time() - t0 < 10
            tried += 1
    assert tried > 30
    assert not (tmp_path / "out.docx").exists() and not (tmp_path / "c.docx").exists()


# --- damaged files ------------------------------------------------------------------------------

def _sheet_xml(src: Path) -> bytes:
    return dict((i.filename, d) for i, d in members(src))["xl/worksheets/sheet1.xml"]


def _document_xml(src: Path) -> bytes:
    return dict((i.filename, d) for i, d in members(src))["word/document.xml"]


def _xlsx_cases():
    return {
        "broken-sheet-xml": lambda src, dst: rezip(src, dst, {"xl/worksheets/sheet1.xml": _sheet_xml(src)[:len(_sheet_xml(src)) // 2]}),
        "bad-cell-reference": lambda src, dst: rezip(src, dst, {"xl/worksheets/sheet1.xml": _sheet_xml(src).replace(b'r="A1"', b'r="1A!"').replace(b'r="B', b'r="ZZZZZZ')}),
        "huge-cell-reference": lambda src, dst: rezip(src, dst, {"xl/worksheets/sheet1.xml": _sheet_xml(src).replace(b'r="A1"', b'r="A99999999999"')}),
        "bad-crc": lambda src, dst: bad_crc(src, dst, "xl/worksheets/sheet1.xml"),
        "no-workbook-part": lambda src, dst: rezip(src, dst, {"xl/_rels/workbook.xml.rels": None}),
    }


def _docx_cases():
    def doc_edit(old: bytes, new: bytes):
        return lambda src, dst: rezip(src, dst, {"word/document.xml": _document_xml(src).replace(old, new)})

    return {
        "broken-document-xml": lambda src, dst: rezip(src, dst, {"word/document.xml": _document_xml(src)[:-200]}),
        "grid-span-not-integer": doc_edit(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="x"/>'),
        "grid-span-huge": doc_edit(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="99999999999"/>'),
        "ilvl-not-integer": doc_edit(b'<w:ilvl w:val="0"/>', b'<w:ilvl w:val="a"/>'),
        "numid-not-integer": doc_edit(b'<w:numId w:val="', b'<w:numId w:val="x'),
        "bad-crc": lambda src, dst: bad_crc(src, dst, "word/document.xml"),
    }


@pytest.mark.parametrize("case", list(_xlsx_cases()))
@pytest.mark.parametrize("job", ["check", "render"])
def test_damaged_workbook(tmp_path, client, case, job):
    src = GOALS if job == "check" else YEARLY
    bad = _xlsx_cases()[case](src, tmp_path / ("申报表.xlsx" if job == "check" else "data.xlsx"))
    out = tmp_path / ("out.xlsx" if job == "check" else "out.docx")
    args = ["check", "--input", str(bad), "-o", str(out)] if job == "check" else \
        ["render", "statement", str(bad), "-o", str(out)]
    _cli_or_success(args, out)
    route = "/api/check/file" if job == "check" else "/api/render/statement"
    r = client.post(route, files={"file": (bad.name, bad.read_bytes())})
    assert r.status_code < 500, r.text[:300]
    if r.status_code >= 400:
        assert CJK.search(r.json()["error"])


@pytest.mark.parametrize("case", list(_docx_cases()))
def test_damaged_draft(tmp_path, client, case):
    bad = _docx_cases()[case](_docx(tmp_path), tmp_path / "初稿.docx")
    _cli_or_success(["lint", str(bad)], None, ok=(0, 1))
    r = client.post("/api/lint", files={"file": (bad.name, bad.read_bytes())})
    assert r.status_code < 500, r.text[:300]
    if r.status_code >= 400:
        assert CJK.search(r.json()["error"])
    out = tmp_path / "c.docx"
    _cli_or_success(["render", "circular", str(YEARLY), "-o", str(out), "--template", str(bad)], out)


def _cli_or_success(args, out: Path | None, ok=(0,)):
    """A damaged file may still be readable (then the job succeeds); otherwise exit 2, one Chinese line."""
    rc, err, seconds, rss = run_measured(*args)
    assert "Traceback" not in err, err
    assert rc in (2, *ok), (rc, err)
    if rc == 2:
        assert CJK.search(err) and len(err.strip().splitlines()) <= 2, err
        if out is not None:
            assert not out.exists()
    assert seconds < 10 and rss < 1024, (seconds, rss)


# --- bombs, at the sizes of the issue: CLI (time, RSS) and web ----------------------------------

BOMBS = {
    "xlsx-290mb-inflation": (lambda p: xlsx_inflating(p / "申报表.xlsx", 290), "check", "解压后"),
    "xlsx-2m-cells": (lambda p: xlsx_inflating(p / "申报表.xlsx", 30), "check", "单元格超过上限"),
    "xlsx-100k-entries": (lambda p: many_members(GOALS, p / "申报表.xlsx"), "check", "部件"),
    "yearly-290mb-inflation": (lambda p: xlsx_inflating(p / "data.xlsx", 290), "render", "解压后"),
    "docx-2.8m-paragraphs": (lambda p: docx_paragraphs(p / "初稿.docx"), "lint", "段落超过上限"),
    "docx-10m-characters": (lambda p: docx_long_text(p / "初稿.docx"), "lint", "超过上限 300,000 字"),
    "docx-100k-entries": (lambda p: many_members(sample_docx(p / "base.docx"), p / "初稿.docx"), "lint", "部件"),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_refused_in_bounded_time_and_memory(tmp_path, client, name):
    make, job, words = BOMBS[name]
    bomb = make(tmp_path)
    assert bomb.stat().st_size < 15 * 1024 * 1024  # small enough to upload (limit 20 MB)
    out = tmp_path / ("out.xlsx" if job == "check" else "out.docx")
    args = {"check": ["check", "--input", str(bomb), "-o", str(out)],
            "render": ["render", "statement", str(bomb), "-o", str(out)],
            "lint": ["lint", str(bomb)]}[job]
    rc, err, seconds, rss = run_measured(*args)
    assert rc == 2 and words in err and "Traceback" not in err, err
    assert seconds < 10 and rss < 1024, (seconds, rss)
    assert not out.exists()
    route = {"check": "/api/check/file", "render": "/api/render/statement", "lint": "/api/lint"}[job]
    t0 = time.process_time()
    r = client.post(route, files={"file": (bomb.name, bomb.read_bytes())})
    assert r.status_code == 413 and words in r.json()["error"], r.text[:300]
    assert time.process_time() - t0 < 10
    if job == "lint" and "characters" not in name:  # the same file as a template
        rc, err, seconds, rss = run_measured("render", "circular", str(YEARLY), "-o", str(out), "--template", str(bomb))
        assert rc == 2 and words in err and seconds < 10 and rss < 1024, (err, seconds, rss)


def test_real_files_still_pass_the_guards(tmp_path):
    assert perfdoc.check_file(GOALS).indicators
    assert perfdoc.lint_file(_docx(tmp_path)) is not None
    with zipfile.ZipFile(YEARLY) as zf:
        assert "xl/workbook.xml" in zf.namelist()
    assert Path(perfdoc.render("statement", YEARLY, tmp_path / "s.docx")).exists()
