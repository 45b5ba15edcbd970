# Django's Polish short date-time has two spaces between the date and the time.
from django.conf.locale.pl.formats import *  # noqa: F403

SHORT_DATETIME_FORMAT = "d-m-Y H:i"
