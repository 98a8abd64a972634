"""The project's own app config: it registers the deploy checks of `config.checks`."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "config"
    verbose_name = "Handbrief site"

    def ready(self) -> None:
        from config import checks  # noqa: F401  (registers the checks)
