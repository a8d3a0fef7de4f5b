from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """Claims as Entra ID or Keycloak send them: the e-mail address and whether the provider
    verified it (users whose last name is "Unverified" have not)."""

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.last_name != "Unverified",
            "name": f"{user.first_name} {user.last_name}".strip(),
            "preferred_username": user.username,
        }
