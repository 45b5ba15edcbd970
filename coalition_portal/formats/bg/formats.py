# Grouped thousands, as the EU's Interinstitutional Style Guide writes Bulgarian figures
# (Django's Bulgarian formats do not group them).
from django.conf.locale.bg.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
