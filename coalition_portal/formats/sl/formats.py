# Slovenian dates as the date-time writes them ("1. december 2026"): Django's Slovenian date has
# a leading zero, its date-time a stray full stop after the year, its short date an English month.
from django.conf.locale.sl.formats import *  # noqa: F403

DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y, H:i"
