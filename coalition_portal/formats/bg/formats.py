# Grouped thousands, as the EU's Interinstitutional Style Guide writes Bulgarian figures
# (Django's Bulgarian formats do not group them), and dates as it writes them: the day without
# a leading zero, the month in lower case (the "E" names of locale_libraries/bg), the year
# followed by "г.", a 24-hour time. Django's have no date-time formats of their own: the admin
# fell back to the American "Dec. 1, 2026, 9:11 a.m.".
from django.conf.locale.bg.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3

DATE_FORMAT = r"j E Y \г."
DATETIME_FORMAT = r"j E Y \г., H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
