# Italian dates without a leading zero (1, not 01), month names in lower case (the "E" names of
# locale_libraries/it), and a date-time that is the date followed by the time: Django's Italian
# date-time starts with the day of the week.
from django.conf.locale.it.formats import *  # noqa: F403

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
