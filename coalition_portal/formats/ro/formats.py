# Romanian month names in lower case inside dates (the "E" names of locale_libraries/ro; Django's
# are capitalised), and a 24-hour date-time that is the date followed by the time.
from django.conf.locale.ro.formats import *  # noqa: F403

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
