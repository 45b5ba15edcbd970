# Irish figures as the EU's Interinstitutional Style Guide writes them: 30,500 and 2.5
# (Django's Irish formats do not group thousands).
from django.conf.locale.ga.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
