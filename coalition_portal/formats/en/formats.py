# English as EU institutions write it (British usage, as in the EU's Interinstitutional Style
# Guide): day before month, 24-hour clock; Django's own "en" formats are American.
from django.conf.locale.en_GB.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
