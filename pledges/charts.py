"""Geometry of the server-rendered SVG bar charts of the impact page.

Widths are computed here and written as SVG attributes: the strict CSP forbids style attributes,
and the charts need no JavaScript. Each chart has a data table beside it in the template.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH = 680
BAR_AREA = 470
ROW_HEIGHT = 58
LEGEND_HEIGHT = 34


def bar_chart(*, chart_id: str, title, rows: list[dict]) -> dict:
    """`rows` are dicts with `label` and `total` (an impact.Total): one pair of bars each."""
    largest = max((max(r["total"].pledged, r["total"].delivered) for r in rows), default=0)
    bars = []
    for index, row in enumerate(rows):
        total = row["total"]
        top = LEGEND_HEIGHT + index * ROW_HEIGHT

        def width(value, largest=largest):
            # A non-zero value always shows at least a sliver.
            return max(2, round(BAR_AREA * value / largest)) if value and largest else 0

        pledged_width, delivered_width = width(total.pledged), width(total.delivered)
        bars.append(
            {
                "label": row["label"],
                "label_y": top + 14,
                "pledged_y": top + 20,
                "pledged_width": pledged_width,
                "pledged_text_x": pledged_width + 6,
                "pledged_text_y": top + 32,
                "pledged_text": number_format(total.pledged, force_grouping=True),
                "delivered_y": top + 38,
                "delivered_width": delivered_width,
                "delivered_text_x": delivered_width + 6,
                "delivered_text_y": top + 50,
                "delivered_text": _("%(number)s (%(percent)s%%)")
                % {
                    "number": number_format(total.delivered, force_grouping=True),
                    "percent": total.percent,
                },
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "description": _(
            "Bar chart: for each line, the upper bar is the number pledged and the lower bar "
            "the number delivered so far. The table that follows gives the same figures."
        ),
        "width": WIDTH,
        "height": LEGEND_HEIGHT + len(rows) * ROW_HEIGHT + 6,
        "bars": bars,
    }
