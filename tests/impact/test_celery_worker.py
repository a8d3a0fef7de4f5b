import pytest

from impact.tasks import ping


@pytest.mark.redis
@pytest.mark.django_db
def test_a_real_worker_executes_a_task(start_worker, celery_broker):
    start_worker("ping")
    result = ping.delay()
    assert result.get(timeout=60) == "pong"


def test_tasks_run_eagerly_without_a_broker(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert ping.delay().get() == "pong"
