"""CSV for people and spreadsheet programs: every cell is text, never a formula (CSV injection).

`csv_response` is the one CSV writer of the portal (public open data and the admin's exports):
it streams, starts with a byte-order mark so that spreadsheet programs read UTF-8, and passes
every cell through `safe_cell`.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value) -> str:
    """The cell's text, with a leading apostrophe where a spreadsheet would see a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_lines(rows: Iterable[Sequence], *, header: Sequence | None = None) -> Iterator[str]:
    """The CSV text, line by line: the byte-order mark, the header, then every row made safe."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK
    if header is not None:
        yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(
    rows: Iterable[Sequence],
    *,
    filename: str,
    header: Sequence | None = None,
    disposition: str = "attachment",
) -> StreamingHttpResponse:
    """A streamed CSV download: rows are written as they are read, never all in memory."""
    response = StreamingHttpResponse(
        csv_lines(rows, header=header), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
