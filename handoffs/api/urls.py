from django.urls import path

from handoffs.api import action_views as act
from handoffs.api import intake_views, outcome_views, packet_views, plan_views

app_name = "api"

urlpatterns = [
    path("intake/events/", intake_views.IntakeEventsView.as_view(), name="intake-events"),
    path(
        "intake/events/<str:event_id>/",
        intake_views.IntakeEventStatusView.as_view(),
        name="intake-event",
    ),
    path(
        "intake/events/<str:event_id>/retry/",
        intake_views.IntakeEventRetryView.as_view(),
        name="intake-event-retry",
    ),
    path("outcomes/", outcome_views.AccountOutcomes.as_view(), name="outcomes"),
    path("handoffs/", packet_views.HandoffListView.as_view(), name="handoff-list"),
    path("handoffs/<int:pk>/", packet_views.HandoffDetailView.as_view(), name="handoff-detail"),
    path("packets/", packet_views.PacketListView.as_view(), name="packet-list"),
    path("packets/<int:pk>/", packet_views.PacketDetailView.as_view(), name="packet-detail"),
    path(
        "packets/<int:pk>/commitments/",
        packet_views.PacketCommitmentsView.as_view(),
        name="packet-commitments",
    ),
    path(
        "packets/<int:pk>/risk-flags/",
        packet_views.PacketRiskFlagsView.as_view(),
        name="packet-risk-flags",
    ),
    path(
        "packets/<int:pk>/transitions/",
        packet_views.PacketTransitionsView.as_view(),
        name="packet-transitions",
    ),
    path("packets/<int:pk>/fields/<slug:key>/", act.FieldUpdate.as_view(), name="field-update"),
    path("packets/<int:pk>/fields/<slug:key>/copy/", act.FieldCopy.as_view(), name="field-copy"),
    path("packets/<int:pk>/submit/", act.Submit.as_view(), name="submit"),
    path(
        "packets/<int:pk>/commitments/<int:commitment_pk>/reconcile/",
        act.Reconcile.as_view(),
        name="reconcile",
    ),
    path(
        "packets/<int:pk>/risk-flags/<int:flag_pk>/respond/",
        act.RespondToRisk.as_view(),
        name="risk-respond",
    ),
    path("packets/<int:pk>/claim/", act.Claim.as_view(), name="claim"),
    path("packets/<int:pk>/reassign/", act.Reassign.as_view(), name="reassign"),
    path("packets/<int:pk>/review/", act.StartReview.as_view(), name="start-review"),
    path("packets/<int:pk>/accept/", act.Accept.as_view(), name="accept"),
    path("packets/<int:pk>/return/", act.Return.as_view(), name="return"),
    path("packets/<int:pk>/comments/", act.Comment.as_view(), name="comment"),
    path(
        "packets/<int:pk>/comments/<int:comment_pk>/resolve/",
        act.ResolveComment.as_view(),
        name="resolve-comment",
    ),
    path("packets/<int:pk>/kickoff/", act.BookKickoff.as_view(), name="kickoff-book"),
    path(
        "packets/<int:pk>/kickoff/reschedule/",
        act.RescheduleKickoff.as_view(),
        name="kickoff-reschedule",
    ),
    path("packets/<int:pk>/kickoff/cancel/", act.CancelKickoff.as_view(), name="kickoff-cancel"),
    path("packets/<int:pk>/kickoff/record/", act.RecordKickoff.as_view(), name="kickoff-record"),
    path("packets/<int:pk>/warm-call/", act.ConfirmWarmCall.as_view(), name="warm-call"),
    path("packets/<int:pk>/soft-signals/", act.AddSoftSignal.as_view(), name="soft-signals"),
    path("packets/<int:pk>/plan/", plan_views.PacketPlan.as_view(), name="packet-plan"),
    path(
        "plans/first-value-signals/",
        plan_views.FirstValueSignals.as_view(),
        name="first-value-signals",
    ),
    path(
        "packets/<int:pk>/fields/<slug:key>/history/",
        packet_views.FieldHistoryView.as_view(),
        name="packet-field-history",
    ),
]
