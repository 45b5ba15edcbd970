# Greek dates as they are written in full, "1 Δεκεμβρίου 2026" (the month in the genitive), and
# the 24-hour clock of EU texts: Django's Greek formats are numeric with a 12-hour clock.
from django.conf.locale.el.formats import *  # noqa: F403

DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
