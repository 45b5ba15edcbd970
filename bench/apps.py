from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`: the large dataset, the list of pages it loads and the baseline view."""

    name = "bench"
    verbose_name = "Benchmark"
