# Portuguese month names in lower case inside dates, as the 1990 spelling agreement writes them
# (the "E" names of locale_libraries/pt; Django's are capitalised), and a 24-hour date-time that
# is the date followed by the time.
from django.conf.locale.pt.formats import *  # noqa: F403

DATE_FORMAT = r"j \d\e E \d\e Y"
DATETIME_FORMAT = r"j \d\e E \d\e Y, H:i"
