"""Property-based fuzzing (hypothesis): the indicator value parser, the workbook readers (yearly
workbook, 申报表) and the lint reader never let an exception escape — every failure is a
PerfdocError with a Chinese message. Example counts are kept modest so the suite stays fast."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from perfdoc.errors import PerfdocError  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
YEARLY = (ROOT / "examples" / "chengjiang-2023.xlsx").read_bytes()
GOALS = (ROOT / "examples" / "goals-example.xlsx").read_bytes()
CJK = re.compile(r"[\u4e00-\u9fff]")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

# Text that looks like indicator values: operators, digits, units, brackets, Chinese numerals.
VALUE_ALPHABET = "≥≤<>=＞＜≧≦0123456789.,%％‰-—~～（）()《》“”\"年月日季度天人次万元亿个项公里内前后以上以下不低于高于达到及时明显提升零一二三四五六七八九十百千 \t\n/\\*+@"
values = st.one_of(st.text(alphabet=VALUE_ALPHABET, max_size=120), st.text(max_size=80))


def _is_perfdoc_error(exc: BaseException) -> None:
    assert isinstance(exc, PerfdocError), f"{type(exc).__name__}: {exc}"
    assert CJK.search(str(exc)), str(exc)


@FAST
@given(values)
def test_fuzz_value_parser(value):
    from perfdoc.indicators.grammar.parse import parse_value

    facts = parse_value(value)
    assert facts.parsed is not None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(values, st.fixed_dictionaries({"name": values, "value": values})), min_size=1, max_size=4))
def test_fuzz_check(items):
    from perfdoc.indicators.review import check

    try:
        results = check(items, classify=False)
    except Exception as exc:  # noqa: BLE001 - what is asserted is the kind
        _is_perfdoc_error(exc)
    else:
        assert len(results) == len(items)


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    raw = bytearray(data)
    for pos, byte in edits:
        raw[pos % len(raw)] = byte
    return bytes(raw)


def _mutate_part(data: bytes, part: str, edits: list[tuple[int, int]]) -> bytes:
    """Flip bytes inside one XML part (re-zipped, so the damage reaches the XML parser)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == part:
                content = _mutate(content, edits)
            zout.writestr(info.filename, content)
    return buf.getvalue()


edits = st.lists(st.tuples(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=255)),
                 min_size=1, max_size=8)


def _read_yearly(path: Path):
    from perfdoc.workbook import clear_cache, load

    clear_cache()
    return load(path)


def _read_goals(path: Path):
    from perfdoc.indicators.review import check_file

    return check_file(path, classify=False)


def _read_draft(path: Path):
    from perfdoc.lint.reader import read_draft

    return read_draft(path)


def _expect_perfdoc_error_or_success(read, path: Path) -> None:
    try:
        read(path)
    except Exception as exc:  # noqa: BLE001
        _is_perfdoc_error(exc)


@FAST
@given(edits)
def test_fuzz_yearly_workbook_bytes(tmp_path, e):
    path = tmp_path / "data.xlsx"
    path.write_bytes(_mutate(YEARLY, e))
    _expect_perfdoc_error_or_success(_read_yearly, path)


@FAST
@given(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/workbook.xml",
                        "xl/styles.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"]), edits)
def test_fuzz_yearly_workbook_xml(tmp_path, part, e):
    path = tmp_path / "data.xlsx"
    path.write_bytes(_mutate_part(YEARLY, part, e))
    _expect_perfdoc_error_or_success(_read_yearly, path)


@FAST
@given(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"]), edits)
def test_fuzz_goals_workbook_xml(tmp_path, part, e):
    path = tmp_path / "申报表.xlsx"
    path.write_bytes(_mutate_part(GOALS, part, e))
    _expect_perfdoc_error_or_success(_read_goals, path)


@FAST
@given(st.lists(st.lists(st.one_of(st.none(), values, st.integers(), st.floats(allow_nan=True)), max_size=8),
                max_size=12))
def test_fuzz_goals_workbook_cells(tmp_path, rows):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值"])
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in rows:
        ws.append([v if not isinstance(v, str) else ILLEGAL_CHARACTERS_RE.sub("", v).replace("=", "＝")
                   for v in row])
    path = tmp_path / "申报表.xlsx"
    wb.save(path)
    _expect_perfdoc_error_or_success(_read_goals, path)


@pytest.fixture(scope="module")
def draft_bytes(tmp_path_factory) -> bytes:
    from .badfiles import sample_docx

    return sample_docx(tmp_path_factory.mktemp("draft") / "d.docx").read_bytes()


@FAST
@given(st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml"]), edits)
def test_fuzz_lint_reader_docx(tmp_path, draft_bytes, part, e):
    path = tmp_path / "初稿.docx"
    path.write_bytes(_mutate_part(draft_bytes, part, e))
    _expect_perfdoc_error_or_success(_read_draft, path)


@FAST
@given(st.binary(max_size=400))
def test_fuzz_lint_reader_bytes(tmp_path, data):
    path = tmp_path / "初稿.txt"
    path.write_bytes(data)
    _expect_perfdoc_error_or_success(_read_draft, path)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=VALUE_ALPHABET + "一二三四五六七八九十、（）〔〕【】第章节条款号财政局绩效", max_size=300))
def test_fuzz_lint_text(text):
    import perfdoc

    try:
        findings = perfdoc.lint_text(text)
    except Exception as exc:  # noqa: BLE001
        _is_perfdoc_error(exc)
    else:
        assert all(f.code for f in findings)
