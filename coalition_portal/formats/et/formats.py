# Grouped thousands, as the EU's Interinstitutional Style Guide writes Estonian figures
# (Django's Estonian formats do not group them).
from django.conf.locale.et.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
