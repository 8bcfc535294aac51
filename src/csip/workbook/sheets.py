"""Writing the workbook's sheets: headings, cells of each kind, RAG colours, print set-up.

Every sheet reads the same way: its title and as-at date in the first rows, then one heading row
that stays in view (frozen) and carries a filter. RAG cells hold the word and its colour, with
text dark or light, whichever reads better on it. Cells are always written as the type their
column says, so that plan text beginning with ``=`` stays text, never a formula. A Part 2
workbook (exempt information) says so in every sheet's title and on every printed page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from csip import __version__
from csip.model.domain import Plan
from csip.model.files import STATUSES
from csip.reports.common import part_context
from csip.words import RAG_COLOURS, Rag, rag_word
from csip.workbook.layout import Column, Sheet

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
_HEADING_FILL = PatternFill("solid", fgColor="D9E2EC")
_DERIVED_FILL = PatternFill("solid", fgColor="EDEDED")
_HEADING_BORDER = Border(bottom=Side(style="thin", color="505A5F"))
_TOP = Alignment(vertical="top", wrap_text=True)
_THIN = Side(style="thin", color="B1B4B6")
_INPUT_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LAST_ROW = 1_048_576
# Points per line of the default 11 point font, with its leading.
_LINE_HEIGHT = 15
# The tallest row Excel allows (a taller one makes it "repair" the file), and the longest text
# of a printed page's header or footer (255 characters, each & written twice).
_MAX_ROW_HEIGHT = 409
_MAX_HEADER = 120
# The default font of a new workbook; set on every styled cell so that a title does not fall
# back to another family.
_FONT = "Calibri"


def new_workbook(title: str, made: dt.datetime) -> Workbook:
    """An empty workbook of this title, made by csip at ``made`` (kept in UTC, as a workbook's
    dates are read)."""
    workbook = Workbook()
    for worksheet in list(workbook.worksheets):
        workbook.remove(worksheet)
    workbook.properties.title = title
    workbook.properties.creator = f"csip {__version__}"
    moment = made.astimezone(dt.UTC).replace(tzinfo=None) if made.tzinfo else made
    workbook.properties.created = workbook.properties.modified = moment
    return workbook


def part_notice(plan: Plan) -> str | None:
    """What a Part 2 workbook says of itself (``PART 2 - EXEMPT: NOT FOR PUBLICATION``, as
    every Part 2 paper says) when ``plan`` is the plan with its exempt text; None for Part 1."""
    part = part_context(plan)
    return str(part["label"]).upper() if part["exempt"] else None


def add_sheet(
    workbook: Workbook,
    sheet: Sheet,
    lines: Sequence[str],
    running_head: str,
    made: dt.datetime,
    notice: str | None,
) -> Worksheet:
    """A sheet with its title lines, its headings, column widths and formats, and print set-up.

    ``lines`` fill the rows above the headings (the first in bold); ``running_head`` is printed
    at the top of every page. ``notice`` (a Part 2 workbook's, from ``part_notice``) goes before
    both, so that neither a reader of the sheet nor of a printed page can miss it.
    """
    if notice is not None:
        lines = [f"{notice}. {lines[0]}", *lines[1:]]
        running_head = f"{notice}. {running_head}"
    worksheet: Worksheet = workbook.create_sheet(sheet.name)
    for row, line in enumerate(lines, start=1):
        cell = worksheet.cell(row=row, column=1, value=clean(line))
        cell.data_type = "s"
        cell.font = Font(name=_FONT, bold=row == 1, italic=row > 1, size=14 if row == 1 else 11)
    header = sheet.header_row
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        dimension = worksheet.column_dimensions[letter]
        dimension.width = column.width
        if column.kind in ("id", "month", "text", "lines", "status"):
            dimension.number_format = TEXT_FORMAT
        elif column.kind == "date":
            dimension.number_format = DATE_FORMAT
        cell = worksheet.cell(row=header, column=index, value=column.header)
        cell.font = Font(name=_FONT, bold=True)
        cell.fill = _HEADING_FILL if column.imported else _DERIVED_FILL
        cell.border = _HEADING_BORDER
        cell.alignment = Alignment(vertical="bottom", wrap_text=True)
    fit_row(worksheet, header, sheet.columns, bold=True)
    worksheet.freeze_panes = f"{get_column_letter(min(3, len(sheet.columns)))}{header + 1}"
    worksheet.print_title_rows = f"{header}:{header}"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    page_head, page_foot = worksheet.oddHeader, worksheet.oddFooter
    assert page_head is not None and page_foot is not None
    page_head.center.text = _header_text(running_head)
    page_foot.left.text = _header_text(f"Made by csip on {made:%Y-%m-%d %H:%M}")
    page_foot.right.text = "Page &P of &N"
    return worksheet


def _header_text(text: str) -> str:
    """Text for a printed page header: ``&`` starts a field code there, so it is doubled."""
    text = clean(text)
    if len(text) > _MAX_HEADER:
        text = text[: _MAX_HEADER - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return text.replace("&", "&&")


def finish_sheet(worksheet: Worksheet, sheet: Sheet, last_row: int) -> None:
    """The filter over the headings and rows, and a drop-down on each status column."""
    last_column = get_column_letter(len(sheet.columns))
    worksheet.auto_filter.ref = (
        f"A{sheet.header_row}:{last_column}{max(last_row, sheet.header_row)}"
    )
    for index, column in enumerate(sheet.columns, start=1):
        if column.kind == "status" and column.imported:
            status_choices(worksheet, get_column_letter(index), sheet.header_row + 1)


def status_choices(worksheet: Worksheet, letter: str, first_row: int) -> None:
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose a status from the list: " + ", ".join(STATUSES) + ".",
    )
    worksheet.add_data_validation(choices)
    choices.add(f"{letter}{first_row}:{letter}{_LAST_ROW}")


def date_check(worksheet: Worksheet, letter: str, first_row: int, earliest: dt.date) -> None:
    """Only dates from ``earliest`` to today in the column."""
    dates = DataValidation(
        type="date",
        operator="between",
        formula1=f"DATE({earliest.year},{earliest.month},{earliest.day})",
        formula2="TODAY()",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Date",
        error=f"Enter the date of the update: from {earliest.isoformat()} up to today.",
    )
    worksheet.add_data_validation(dates)
    dates.add(f"{letter}{first_row}:{letter}{_LAST_ROW}")


def put(
    worksheet: Worksheet, row: int, index: int, column: Column, value: Any, *, boxed: bool = False
) -> Cell:
    """Write one value as its column's kind says, aligned to the top of its row.

    ``boxed``: a cell to be filled in, framed so that it shows among the cells to read. Each
    cell gets one named style, made once per workbook: styling cells one attribute at a time
    costs most of the time of a large workbook.
    """
    cell = worksheet.cell(row=row, column=index)
    assert isinstance(cell, Cell)
    kind = column.kind
    empty = value is None or value == [] or value == ""
    if empty:
        pass
    elif kind in ("number", "paragraph"):
        cell.value = int(value)
    elif kind == "date":
        cell.value = value
    elif kind == "rag":
        cell.value = rag_word(value)
        cell.data_type = "s"
    else:
        text = "\n".join(value) if isinstance(value, list | tuple) else str(value)
        cell.value = clean(text)
        cell.data_type = "s"
    if kind == "rag" and not empty:
        _style(cell, f"csip rag {value}", lambda: _rag_parts(value))
    else:
        derived = not column.imported and kind != "rag"
        name = f"csip {kind}{' derived' if derived else ''}{' boxed' if boxed else ''}"
        _style(cell, name, lambda: _cell_parts(kind, derived, boxed))
    return cell


def _style(cell: Cell, name: str, parts: Callable[[], dict[str, Any]]) -> None:
    """Give the cell the named style ``name``, made from ``parts`` the first time."""
    workbook = cell.parent.parent
    assert workbook is not None
    if name not in workbook.named_styles:
        workbook.add_named_style(NamedStyle(name=name, **parts()))
    cell.style = name


def _cell_parts(kind: str, derived: bool, boxed: bool) -> dict[str, Any]:
    parts: dict[str, Any] = {"font": Font(name=_FONT), "alignment": _TOP}
    if kind in ("number", "paragraph", "date"):
        parts["alignment"] = Alignment(vertical="top", horizontal="left")
    if kind == "date":
        parts["number_format"] = DATE_FORMAT
    elif kind in ("id", "month", "text", "lines", "status"):
        parts["number_format"] = TEXT_FORMAT
    if derived:
        parts["fill"] = _DERIVED_FILL
    if boxed:
        parts["border"] = _INPUT_BORDER
    return parts


def _rag_parts(rag: Rag) -> dict[str, Any]:
    """The RAG word on its colour, in whichever of black or white reads better on it."""
    colour = RAG_COLOURS[rag].lstrip("#").upper()
    return {
        "font": Font(name=_FONT, bold=True, color=_text_colour(colour)),
        "fill": PatternFill("solid", fgColor=colour),
        "alignment": _TOP,
    }


def fit_row(
    worksheet: Worksheet, row: int, columns: Sequence[Column], *, bold: bool = False
) -> None:
    """Give the row the height its longest wrapped cell needs.

    Spreadsheets do not work row heights out for a file they open, so long text would run
    over the rows below it; the lines are counted here as the column's width wraps them.
    """
    # A column's width counts digits: prose runs about a tenth narrower, bold a tenth wider.
    lines = 1
    for index, column in enumerate(columns, start=1):
        value = worksheet.cell(row=row, column=index).value
        if isinstance(value, str):
            lines = max(lines, _wrapped_lines(value, column.width * (0.9 if bold else 1.2)))
    if lines > 1:
        worksheet.row_dimensions[row].height = min(lines * _LINE_HEIGHT, _MAX_ROW_HEIGHT)


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide."""
    room = max(int(width) - 1, 1)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0
        for word in paragraph.split(" "):
            if used and used + 1 + len(word) > room:
                count += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > room:
                count += 1
                used -= room
    return count


def _text_colour(background: str) -> str:
    """Black or white text, whichever has the higher contrast on ``background`` (WCAG)."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(background[i : i + 2]) for i in (0, 2, 4))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    on_black = (luminance + 0.05) / 0.05
    on_white = 1.05 / (luminance + 0.05)
    return "000000" if on_black >= on_white else "FFFFFF"


_NOT_IN_XML = re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ufffe\uffff]")
"""What XML 1.0 refuses: the control characters openpyxl knows of, and U+FFFE and U+FFFF,
which it does not (a sheet holding one is not XML, and no spreadsheet opens it whole)."""


def clean(text: str) -> str:
    """Text a workbook can hold: characters XML refuses become U+FFFD."""
    return _NOT_IN_XML.sub("\N{REPLACEMENT CHARACTER}", text)


def save(workbook: Workbook, path: Path, plan: Path | None = None) -> None:
    """Write the workbook whole or not at all, never into the folder ``plan``."""
    from csip.output import write_whole

    write_whole(path, as_bytes(workbook), plan=plan)


def as_bytes(workbook: Workbook) -> bytes:
    """The workbook's file, as it would be saved, dated by the time it says it was made.

    openpyxl's own ``save`` stamps the file's properties, and the zip stamps each part, with
    the clock; here both take the workbook's ``created`` time (the report's "made", which
    SOURCE_DATE_EPOCH fixes), so that the same plan gives the same bytes.
    """
    buffer = BytesIO()
    ExcelWriter(workbook, _DatedZip(buffer, workbook.properties.created)).save()
    return buffer.getvalue()


class _DatedZip(ZipFile):
    """A zip being written whose every part is dated ``made``, within the years a zip can
    date (1980 to 2107)."""

    def __init__(self, file: BytesIO, made: dt.datetime | None) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        moment = min(max(made or _ZIP_FIRST, _ZIP_FIRST), _ZIP_LAST)
        self._date_time = (
            moment.year,
            moment.month,
            moment.day,
            moment.hour,
            moment.minute,
            moment.second,
        )

    def _dated(self, name: str) -> ZipInfo:
        info = ZipInfo(name, self._date_time)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16  # what ZipFile gives a part written from text
        return info

    def writestr(
        self,
        zinfo_or_arcname: str | ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._dated(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """A part from a file (openpyxl writes each sheet to one), dated ``made``, not by the
        file's own time."""
        data = Path(filename).read_bytes()
        self.writestr(str(arcname or filename), data, compress_type, compresslevel)


_ZIP_FIRST = dt.datetime(1980, 1, 1)
_ZIP_LAST = dt.datetime(2107, 12, 31, 23, 59, 58)
