from django.apps import AppConfig


class CompConfig(AppConfig):
    name = "comp"
    verbose_name = "Compensation"

    def ready(self) -> None:
        from comp import plan_receivers, receivers  # noqa: F401 - connects the listeners
