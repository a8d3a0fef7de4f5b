"""Settings of two-factor sign-in and single sign-on, read from the environment like the rest
(`impact.settings` takes them all; `.env.example` lists the variables)."""

from urllib.parse import urlsplit

from impact.env import env_bool, env_list, env_str
from impact.security_policy import CONTENT_SECURITY_POLICY

DEBUG = env_bool("DEBUG", True)
SITE_NAME = env_str("SITE_NAME", "ImPACT Hub")

# Two-factor sign-in (django-allauth's MFA): authenticator apps with recovery codes, and
# security keys. Offered to everyone; organizers, reviewers and staff must have one
# (impact.second_factor) unless MFA_REQUIRED_FOR_PRIVILEGED=0.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_ADAPTER = "impact.second_factor.MFAAdapter"
# Security keys need https, except on the development server.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_REQUIRED_FOR_PRIVILEGED = env_bool("MFA_REQUIRED_FOR_PRIVILEGED", True)

# Single sign-on with an institution's OpenID Connect provider (Microsoft Entra ID, Google
# Workspace, Keycloak...), on when OIDC_SERVER_URL is set. It signs in an existing account
# whose address the provider says is verified, and creates none (impact.sso); roles stay the
# portal's.
SOCIALACCOUNT_ADAPTER = "impact.sso.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
OIDC_SERVER_URL = env_str("OIDC_SERVER_URL")
SOCIALACCOUNT_PROVIDERS: dict = {"openid_connect": {"APPS": []}}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": env_str("OIDC_PROVIDER_ID", "institution"),
            "name": env_str("OIDC_NAME", "Institutional sign-in"),
            "client_id": env_str("OIDC_CLIENT_ID"),
            "secret": env_str("OIDC_CLIENT_SECRET"),
            "settings": {
                "server_url": OIDC_SERVER_URL,
                "token_auth_method": env_str("OIDC_TOKEN_AUTH_METHOD") or None,
                "oauth_pkce_enabled": env_bool("OIDC_PKCE", True),
            },
        }
    )

    # The sign-in form's redirect goes to the provider: the browser must allow it (CSP).
    _oidc = urlsplit(OIDC_SERVER_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
        f"{_oidc.scheme}://{_oidc.netloc}",
        *env_list("OIDC_FORM_ACTION_ORIGINS"),
    ]

__all__ = [name for name in dir() if name.isupper() and name not in ("DEBUG", "SITE_NAME")]
