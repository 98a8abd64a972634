"""Which CSM gets a packet that passed the gate, by the rule RevOps chose for the unit."""

from django.db.models import Count, F, Max, Q, QuerySet, Sum

from accounts.models import BusinessUnit, Role, User
from governance.models import AssignmentRule, AssignmentStrategy
from handoffs.models import WITH_CS


def _csms(unit: BusinessUnit) -> QuerySet[User]:
    return User.objects.filter(role=Role.CSM, business_unit=unit, is_active=True)


def choose_csm(unit: BusinessUnit) -> User | None:
    """None when the unit has no active CSM: the packet waits in the unit's queue."""
    rule = AssignmentRule.objects.filter(business_unit=unit).first()
    strategy = rule.strategy if rule else AssignmentStrategy.ROUND_ROBIN
    open_here = Q(assigned_packets__status__in=WITH_CS)
    if strategy == AssignmentStrategy.FEWEST_OPEN:
        ranked = _csms(unit).annotate(load=Count("assigned_packets", filter=open_here))
        return ranked.order_by("load", "id").first()
    if strategy == AssignmentStrategy.LEAST_ACV:
        ranked = _csms(unit).annotate(
            load=Sum("assigned_packets__handoff__opportunity__amount", filter=open_here)
        )
        return ranked.order_by(F("load").asc(nulls_first=True), "id").first()
    ranked = _csms(unit).annotate(last=Max("assigned_packets__gate_passed_at"))
    return ranked.order_by(F("last").asc(nulls_first=True), "id").first()
