"""CSV exports for the Secretariat, safe to open in spreadsheet programs."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

from core.spreadsheets import safe_cell


def csv_response(*, basename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    filename = f"{basename}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte order mark lets spreadsheet programs detect UTF-8 (accented names).
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
