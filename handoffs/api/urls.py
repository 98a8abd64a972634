from django.urls import path

from handoffs.api import intake_views, packet_views

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
    path(
        "packets/<int:pk>/fields/<slug:key>/history/",
        packet_views.FieldHistoryView.as_view(),
        name="packet-field-history",
    ),
]
