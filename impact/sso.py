"""Single sign-on with an institution's OpenID Connect provider (django-allauth).

The provider only proves who someone is. It signs in the existing account whose e-mail
address it says is verified (allauth's SOCIALACCOUNT_EMAIL_AUTHENTICATION, linking the two),
and never creates one: accounts, and the roles that come with them, stay the portal's.
"""

from __future__ import annotations

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False
