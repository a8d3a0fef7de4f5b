"""Exports stored in an S3-compatible bucket (moto's standalone server, started here) and
downloaded through the portal after its permission check, never from a public bucket URL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from summaries.enums import ExportState
from summaries.models import SummaryExport
from tests.conftest import wait_for
from tests.factories import TEST_PASSWORD
from tests.summaries.factories import ReportFactory, SessionFactory

pytestmark = pytest.mark.django_db
BUCKET = "impact-test-files"
KEYS = {"access_key": "testing-key", "secret_key": "testing-secret", "region_name": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _moto_server() -> str:
    found = Path(sys.executable).with_name("moto_server")
    return str(found) if found.exists() else (shutil.which("moto_server") or "moto_server")


@pytest.fixture
def s3_endpoint(tmp_path):
    """A real S3-compatible HTTP server on a free port, for this test only."""
    import urllib.request

    port = _free_port()
    log = (tmp_path / "moto.log").open("wb")
    proc = subprocess.Popen(
        [_moto_server(), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log
    )
    endpoint = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
        except OSError:
            return proc.poll() is not None  # stop waiting if it died
        return True

    try:
        wait_for(answers, timeout=30, message="moto_server did not start")
        assert proc.poll() is None, (tmp_path / "moto.log").read_text()
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    import boto3

    boto3.client("s3", endpoint_url=s3_endpoint, **_boto(KEYS)).create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "default_acl": "private",
                "file_overwrite": False,
                "location": "impact",
                **KEYS,
            },
        },
    }
    return s3_endpoint


def _boto(keys: dict) -> dict:
    return {
        "aws_access_key_id": keys["access_key"],
        "aws_secret_access_key": keys["secret_key"],
        "region_name": keys["region_name"],
    }


def test_an_export_is_stored_in_the_bucket_and_downloaded_through_the_portal(
    client, edition, organizer, outsider, s3_storage, django_capture_on_commit_callbacks
):
    import boto3

    ReportFactory(session=SessionFactory(edition=edition, title="Session kept in S3"))
    client.login(email=organizer.email, password=TEST_PASSWORD)
    client.post(reverse("summaries:compile", args=[edition.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("summaries:export", args=[edition.slug]), {"format": "md", "confirmed": "on"}
        )
    export = SummaryExport.objects.get()
    assert export.state == ExportState.DONE, export.error

    # The file is an object in the bucket, under the configured prefix, and nowhere local.
    s3 = boto3.client("s3", endpoint_url=s3_storage, **_boto(KEYS))
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [f"impact/{export.file.name}"]
    stored = s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert b"Session kept in S3" in stored and len(stored) == export.size

    response = client.get(reverse("summaries:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('co-chairs-summary-test-conference-v1-en.md"')
    assert b"".join(response.streaming_content) == stored

    client.logout()
    client.login(email=outsider.email, password=TEST_PASSWORD)
    assert client.get(reverse("summaries:download", args=[export.pk])).status_code == 403


def test_an_object_missing_from_the_bucket_is_a_404(
    client, edition, organizer, s3_storage, django_capture_on_commit_callbacks
):
    import boto3

    ReportFactory(session=SessionFactory(edition=edition))
    client.login(email=organizer.email, password=TEST_PASSWORD)
    client.post(reverse("summaries:compile", args=[edition.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("summaries:export", args=[edition.slug]), {"format": "md", "confirmed": "on"}
        )
    export = SummaryExport.objects.get()
    s3 = boto3.client("s3", endpoint_url=s3_storage, **_boto(KEYS))
    s3.delete_object(Bucket=BUCKET, Key=f"impact/{export.file.name}")
    assert client.get(reverse("summaries:download", args=[export.pk])).status_code == 404


def _default_storage(**env) -> dict:
    """STORAGES["default"] as the settings build it from `env`, in a fresh interpreter."""
    import json
    import os

    names = ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL")
    clean = {k: v for k, v in os.environ.items() if k not in names}
    code = "import json, impact.settings as s; print(json.dumps(s.STORAGES['default']))"
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(proc.stdout)


def test_the_bucket_is_configured_from_the_environment():
    configured = _default_storage(
        AWS_STORAGE_BUCKET_NAME="impact-files",
        AWS_S3_ENDPOINT_URL="https://minio.example.org:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert configured["BACKEND"] == "storages.backends.s3.S3Storage"
    options = configured["OPTIONS"]
    assert options["bucket_name"] == "impact-files" and options["default_acl"] == "private"
    assert options["endpoint_url"] == "https://minio.example.org:9000"
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")
    assert _default_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
