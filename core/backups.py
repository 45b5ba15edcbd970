"""Backup and restore of the database and the media files.

PostgreSQL: `pg_dump --format=custom` / `pg_restore --clean`. SQLite: the online backup API,
which copies a consistent snapshot while the site keeps running. Media: a gzipped tarball
of MEDIA_ROOT (for a shared file system; an object store has its own versioning).
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_FILE = "media.tar.gz"


def _pg_command(program: str, db: dict) -> tuple[list[str], dict]:
    args = [program, "--no-owner", "--no-privileges", "--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def backup(destination: Path, *, alias: str = "default") -> Path:
    """Write a timestamped backup folder under `destination` and return its path."""
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(destination) / stamp
    folder.mkdir(parents=True, exist_ok=False)
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise NotImplementedError(f"No backup method for {vendor}.")
    target = folder / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        args, env = _pg_command("pg_dump", connection.settings_dict)
        subprocess.run([*args, "--format=custom", "--file", str(target)], env=env, check=True)  # noqa: S603
    else:
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
    return folder


def restore(folder: Path, *, alias: str = "default") -> None:
    """Replace the database and media files with those of a backup folder."""
    folder = Path(folder)
    connection = connections[alias]
    vendor = connection.vendor
    source = folder / DATABASE_FILES[vendor]
    if not source.exists():
        raise FileNotFoundError(f"{source} not found: was the backup made from {vendor}?")
    if vendor == "postgresql":
        connection.close()
        args, env = _pg_command("pg_restore", connection.settings_dict)
        subprocess.run(  # noqa: S603
            [*args, "--clean", "--if-exists", "--single-transaction", str(source)],
            env=env,
            check=True,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(source) as snapshot:
            snapshot.backup(connection.connection)
        snapshot.close()
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        if archive.getmembers():
            if media_root.exists():
                shutil.rmtree(media_root)
            media_root.mkdir(parents=True)
            for member in archive.getmembers():
                # Strip the leading "media/" and refuse anything that would escape MEDIA_ROOT.
                member.name = member.name.removeprefix("media").lstrip("/")
            archive.extractall(media_root, filter="data")
