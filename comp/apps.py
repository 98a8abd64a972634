from django.apps import AppConfig


class CompConfig(AppConfig):
    name = "comp"
    verbose_name = "Compensation"

    def ready(self) -> None:
        from comp import plan_receivers, program_metrics, receivers  # noqa: F401 - connects, registers
