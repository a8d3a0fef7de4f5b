"""Run the test identity provider: migrate its own SQLite database, register the portal as a
client and the users given as JSON, then serve until stopped.

    OIDC_PROVIDER_PORT=… OIDC_PROVIDER_DIR=… OIDC_PROVIDER_SETUP='{"client_id": …,
    "client_secret": …, "redirect_uri": …, "users": [{"username": …, "email": …,
    "password": …, "last_name": …}]}' python -m tests.oidc_provider.serve
"""

import json
import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        sys.stderr.write("provider: " + (format % args) + "\n")


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    setup = json.loads(os.environ["OIDC_PROVIDER_SETUP"])
    Application.objects.create(
        name="ImPACT Hub",
        client_id=setup["client_id"],
        client_secret=setup["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=setup["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    for person in setup["users"]:
        User.objects.create_user(
            username=person["username"],
            email=person["email"],
            password=person["password"],
            last_name=person.get("last_name", ""),
        )
    server = make_server(
        "127.0.0.1",
        int(os.environ["OIDC_PROVIDER_PORT"]),
        get_wsgi_application(),
        handler_class=QuietHandler,
    )
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
