"""The one error path: every failure a user can cause is a PerfdocError with a Chinese message.

The CLI turns these into one stderr line and exit code 2; the web app into `{"error": ...}`.
"""
from __future__ import annotations

from pathlib import Path


class PerfdocError(Exception):
    """Base error: a Chinese message, an optional hint and where the problem is."""

    exit_code = 2
    http_status = 422

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        file: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.file = Path(file).name if file is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column

    @property
    def location(self) -> str:
        """Where the problem is, in the order a user looks: file, sheet, row, column."""
        parts = []
        if self.file:
            parts.append(f"文件“{self.file}”")
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"“{self.column}”列")
        return "，".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}：{self.message}" if self.location else self.message
        if self.hint:
            text += f"（{self.hint}）"
        return text

    def to_dict(self) -> dict:
        return {
            "error": str(self),
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }


class InputError(PerfdocError):
    """A file that cannot be read as what it claims to be, or misses a sheet/column."""


class UnsupportedFileError(InputError):
    """The content is not of a kind this command accepts (checked by content, not by name)."""

    http_status = 415


class TooLargeError(InputError):
    """Over a configured limit: upload size, rows, zip members, uncompressed size."""

    http_status = 413


class DataError(InputError):
    """Content that reads but is wrong: a non-numeric amount, parts that do not add up."""


class ModelError(PerfdocError):
    """A trained model that is missing, corrupted, or stale against the shipped corpus."""

    http_status = 500


class UsageError(PerfdocError):
    """Bad command usage that the argument parser cannot catch (e.g. output path equals input)."""
