"""The benchmark as a Django app, only so that `manage.py seed_scale` exists.

It has no models, URLs or signals, and nothing in `impact`, `coalitions` or `summaries` imports
it: the dependency points from the benchmark to the site, never back.
"""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmark tools"
