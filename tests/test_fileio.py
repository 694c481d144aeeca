import zipfile

import pytest

from perfdoc.errors import InputError, TooLargeError, UnsupportedFileError, UsageError
from perfdoc.fileio import atomic_output, expect_kind, read_text, refuse_same_path, sniff


def _xlsx(path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "项目名称"
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "content, kind",
    [(b"", "empty"), ("培训人次≥350人次\n".encode(), "text"), (b"\x00\x01\x02binary", "binary"),
     (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls")],
)
def test_sniff_by_content(tmp_path, content, kind):
    p = tmp_path / "x.xlsx"
    p.write_bytes(content)
    assert sniff(p) == kind


def test_sniff_real_workbook_and_renamed_text(tmp_path):
    assert sniff(_xlsx(tmp_path / "a.xlsx")) == "xlsx"
    fake = tmp_path / "b.xlsx"
    fake.write_text("不是工作簿", encoding="utf-8")
    with pytest.raises(UnsupportedFileError) as exc:
        expect_kind(fake, ("xlsx",))
    assert "b.xlsx" in str(exc.value) and "Excel" in str(exc.value)


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("PERFDOC_CONFIG", str(tmp_path / "perfdoc.toml"))
    (tmp_path / "perfdoc.toml").write_text("[limits]\nzip_max_uncompressed_mb = 1\n", encoding="utf-8")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/big.bin", b"\x00" * (5 * 1024 * 1024))
    with pytest.raises(TooLargeError) as exc:
        expect_kind(bomb, ("xlsx",))
    assert "解压后" in exc.value.message


def test_empty_file_message_names_file(tmp_path):
    p = tmp_path / "空.xlsx"
    p.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        expect_kind(p, ("xlsx",))
    assert "空.xlsx" in str(exc.value) and "空" in exc.value.message


def test_read_text_decodes_gb18030(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes("一、基本情况".encode("gb18030"))
    assert read_text(p) == "一、基本情况"


def test_atomic_output_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.docx"
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"whole")
    assert target.read_bytes() == b"whole" and len(list(tmp_path.iterdir())) == 1


def test_refuse_same_path(tmp_path):
    p = tmp_path / "a.xlsx"
    p.write_bytes(b"x")
    with pytest.raises(UsageError):
        refuse_same_path(p, tmp_path / "." / "a.xlsx")
