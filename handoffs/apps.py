from django.apps import AppConfig


class HandoffsConfig(AppConfig):
    name = "handoffs"
    verbose_name = "Handoffs"

    def ready(self) -> None:
        from handoffs import governance_receivers  # noqa: F401 - connects to governance's signals
        from handoffs.api import schema_extensions  # noqa: F401 - registers with drf-spectacular
