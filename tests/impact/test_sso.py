"""Single sign-on against a real OpenID Connect provider (django-oauth-toolkit, run by the
test as a process of its own on a local port): an existing account is signed in by the
address the provider verified, and linked; no account is ever created."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from impact.models import User
from tests.conftest import ROOT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CLIENT_ID = "impact-hub"
CLIENT_SECRET = "a-client-secret-for-tests"
PROVIDER_ID = "institution"
PEOPLE = [
    {"username": "olive", "email": "owner@example.org", "password": "pw-olive-1"},
    {"username": "nobody", "email": "nobody@example.org", "password": "pw-nobody-1"},
    {
        "username": "mallory",
        "email": "outsider@example.org",
        "password": "pw-mallory-1",
        "last_name": "Unverified",
    },
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def provider(tmp_path, settings):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    setup = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"http://testserver/accounts/oidc/{PROVIDER_ID}/login/callback/",
        "users": PEOPLE,
    }
    env = {
        **os.environ,
        "OIDC_PROVIDER_PORT": str(port),
        "OIDC_PROVIDER_DIR": str(tmp_path),
        "OIDC_PROVIDER_SETUP": json.dumps(setup),
    }
    log = open(tmp_path / "provider.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/o/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                output = (tmp_path / "provider.log").read_text()
                pytest.fail(f"the identity provider did not start:\n{output}")
            time.sleep(0.2)
        # The portal's configuration, as the OIDC_* environment variables give it.
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "APPS": [
                    {
                        "provider_id": PROVIDER_ID,
                        "name": "Institution",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {"server_url": f"{base}/o", "oauth_pkce_enabled": True},
                    }
                ]
            }
        }
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def sign_in_with_provider(client, base: str, username: str, password: str):
    """The browser's round trip: the portal sends it to the provider, the person signs in
    there, the provider sends it back with a code."""
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}))
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(f"{base}/o/authorize/")
    browser = requests.Session()
    to_login = browser.get(authorize, allow_redirects=False)
    login_url = urljoin(base, to_login.headers["Location"])
    form = browser.get(login_url).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    signed_in = browser.post(
        login_url,
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        },
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    back = browser.get(urljoin(base, signed_in.headers["Location"]), allow_redirects=False)
    callback = back.headers["Location"]
    assert callback.startswith("http://testserver/"), callback
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}")


def test_the_sign_in_page_offers_the_provider(client, provider):
    page = client.get(reverse("account_login"))
    assert b"Institution" in page.content


def test_a_verified_address_signs_in_the_existing_account_and_links_it(client, provider, owner):
    people = User.objects.count()
    response = sign_in_with_provider(client, provider, "olive", "pw-olive-1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert User.objects.count() == people
    link = SocialAccount.objects.get(provider=PROVIDER_ID)
    assert link.user == owner and link.extra_data
    # Roles stay the portal's: the filer is still a filer, nothing more.
    assert not owner.is_staff and not owner.groups.exclude(name="Filers").exists()
    # Next time the link itself is enough.
    client.post(reverse("account_logout"))
    sign_in_with_provider(client, provider, "olive", "pw-olive-1")
    assert client.session["_auth_user_id"] == str(owner.pk)
    assert SocialAccount.objects.count() == 1


def test_an_address_with_no_account_creates_none(client, provider, owner):
    people = User.objects.count()
    response = sign_in_with_provider(client, provider, "nobody", "pw-nobody-1")
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == people
    assert not User.objects.filter(email="nobody@example.org").exists()
    assert not SocialAccount.objects.exists()
    assert response.status_code in (200, 302)


def test_an_unverified_address_does_not_reach_the_account_that_has_it(client, provider):
    outsider = UserFactory(email="outsider@example.org")
    people = User.objects.count()
    sign_in_with_provider(client, provider, "mallory", "pw-mallory-1")
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == people
    assert not SocialAccount.objects.filter(user=outsider).exists()
