"""Backups: the PostgreSQL database (pg_dump, custom format) and the generated files (a
tarball read through Django's storage API, so local files and an S3 bucket alike).

A backup is a folder holding `database.dump`, `files.tar.gz` and `manifest.json`. Restoring
loads the dump into a given database with pg_restore (dropping what is there) and writes the
files back through the storage API. Used by `manage.py backup` and `manage.py restore`
(`make backup`, `make restore`).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import connections
from django.utils import timezone

DUMP = "database.dump"
FILES = "files.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class Database:
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        if "postgresql" not in settings_dict.get("ENGINE", ""):
            raise BackupError(
                "Backups need PostgreSQL: DATABASE_URL points at "
                f"{settings_dict.get('ENGINE', 'nothing')}."
            )
        return cls(
            name=settings_dict["NAME"],
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls.from_settings(dj_database_url.parse(url))

    @classmethod
    def configured(cls) -> Database:
        return cls.from_settings(connections["default"].settings_dict)

    def args(self) -> list[str]:
        args = [f"--dbname={self.name}"]
        args += [f"--host={self.host}"] if self.host else []
        args += [f"--port={self.port}"] if self.port else []
        args += [f"--username={self.user}"] if self.user else []
        return args

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed (apt-get install postgresql-client)"
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def _names(storage: Storage, folder: str = "") -> list[str]:
    """Every file name in `storage` under `folder`, recursively."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{f}" if folder else f for f in files]
    for sub in folders:
        names += _names(storage, f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def pack_files(target: Path, storage: Storage | None = None) -> int:
    """Write every stored file into the tarball `target`; returns how many."""
    storage = storage or storages["default"]
    names = _names(storage)
    with tarfile.open(target, "w:gz") as tar:
        for name in names:
            with storage.open(name, "rb") as handle:
                data = handle.read()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
    return len(names)


def unpack_files(source: Path, storage: Storage | None = None) -> int:
    """Write the files of the tarball `source` back into storage, replacing files of the same
    name; returns how many."""
    storage = storage or storages["default"]
    count = 0
    with tarfile.open(source, "r:gz") as tar:
        for member in tar:
            if not member.isfile():
                continue
            if member.name.startswith("/") or ".." in Path(member.name).parts:
                raise BackupError(f"unsafe path in the files archive: {member.name}")
            data = tar.extractfile(member).read()
            if storage.exists(member.name):
                storage.delete(member.name)
            saved = storage.save(member.name, ContentFile(data))
            if saved != member.name:
                raise BackupError(f"{member.name} was stored as {saved}")
            count += 1
    return count


def backup(folder: Path, database: Database | None = None) -> dict:
    """Dump the database and pack the files into `folder` (created; must be empty)."""
    database = database or Database.configured()
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty")
    _run(
        ["pg_dump", "--format=custom", f"--file={folder / DUMP}", *database.args()], database.env()
    )
    files = pack_files(folder / FILES)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": database.name,
        "files": files,
        "format": 1,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def restore(folder: Path, database: Database, *, files: bool = True) -> dict:
    """Load `folder`'s dump into `database` (an existing database; what it holds is replaced)
    and, with `files`, write the stored files back."""
    for name in (DUMP, MANIFEST):
        if not (folder / name).is_file():
            raise BackupError(f"{folder} is not a backup: {name} is missing")
    manifest = json.loads((folder / MANIFEST).read_text())
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *database.args(),
            str(folder / DUMP),
        ],
        database.env(),
    )
    restored = unpack_files(folder / FILES) if files and (folder / FILES).exists() else 0
    return {**manifest, "restored_files": restored}
