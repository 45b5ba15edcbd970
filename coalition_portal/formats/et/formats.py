# Grouped thousands, as the EU's Interinstitutional Style Guide writes Estonian figures
# (Django's Estonian formats do not group them). Django's have no date-time formats of their
# own (the American "Dec. 1, 2026, 9:11 a.m." showed): the date, then the 24-hour time.
from django.conf.locale.et.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3

DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
