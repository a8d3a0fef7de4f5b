import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Exports are written to a throw-away media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def session_organizer(db):
    from tests.factories import UserFactory

    return UserFactory(email="session.lead@example.org", name="Sami Session")
