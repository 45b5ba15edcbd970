"""A backup of the demo site, restored, gives back every row and every media file."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def everything() -> str:
    out = StringIO()
    call_command("dumpdata", "--all", "--indent=0", stdout=out)
    return out.getvalue()


@pytest.fixture
def media_on_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


def test_backup_restore_round_trip_loses_nothing(media_on_disk, tmp_path):
    call_command("load_demo", stdout=StringIO())
    default_storage.save("organisations/logos/demo.png", ContentFile(b"\x89PNG demo bytes"))
    before = everything()
    assert '"name": "Secretariat"' in before

    out = StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    (folder,) = (tmp_path / "backups").iterdir()
    assert "Backup written to" in out.getvalue()

    # Disaster: the data and the files are gone.
    call_command("flush", "--noinput")
    (media_on_disk / "organisations/logos/demo.png").unlink()
    assert '"name": "Secretariat"' not in everything()

    call_command("restore", str(folder), "--yes", stdout=StringIO())

    assert everything() == before
    assert (media_on_disk / "organisations/logos/demo.png").read_bytes() == b"\x89PNG demo bytes"


def test_restore_refuses_a_missing_folder(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "nope"), "--yes")
