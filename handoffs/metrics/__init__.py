"""The handoff program's metrics, each defined once (see `base`), and who may read which."""

from accounts.policies import allows
from handoffs.metrics import (  # noqa: F401 - each registers its metrics
    first_value,
    flow,
    outcomes,
    quality,
)
from handoffs.metrics.base import Metric, all_metrics


def metrics_for(user) -> list[Metric]:
    """The metrics `user` may read, in page order (pay metrics are RevOps admins' alone)."""
    return [metric for metric in all_metrics() if allows(user, metric.action)]


def metric_for(user, key: str) -> Metric | None:
    return next((metric for metric in metrics_for(user) if metric.key == key), None)
