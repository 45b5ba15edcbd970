# Irish figures as the EU's Interinstitutional Style Guide writes them: 30,500 and 2.5
# (Django's Irish formats do not group thousands). Django's have no date-time formats of their
# own (the American "Dec. 1, 2026, 9:11 a.m." showed): the date, then the 24-hour time.
from django.conf.locale.ga.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
