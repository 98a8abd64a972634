from django.urls import path

from governance import drafting_urls
from handoffs.views import (
    drafting,
    explorer,
    governed,
    integrations,
    kickoff,
    metrics,
    notifications,
    operator_review,
    outcomes,
    packet,
    plan_admin,
    plans,
    portals,
    prompt_preview,
    replays,
    review,
    revops,
    webhooks,
)

ae_patterns = ([path("", portals.ae_home, name="home")], "ae")
csm_patterns = ([path("", portals.csm_home, name="home")], "csm")
revops_patterns = (
    [
        path("", revops.revops_home, name="home"),
        path("handoffs/<int:pk>/ae/", revops.map_ae, name="map_ae"),
        path("packets/<int:pk>/retry/", revops.retry_draft, name="retry_draft"),
        path("events/<int:pk>/retry/", revops.retry_event, name="retry_event"),
    ],
    "revops",
)
metrics_patterns = (
    [
        path("", metrics.metrics_page, name="page"),
        path("report.pdf", metrics.program_report, name="report"),
        path("outcomes/", outcomes.account_outcomes, name="outcomes"),
        path("<slug:key>.csv", metrics.metric_csv, name="csv"),
    ],
    "metrics",
)
explorer_patterns = (
    [
        path("", explorer.explorer, name="list"),
        path("export.csv", explorer.explorer_csv, name="csv"),
    ],
    "explorer",
)
integration_patterns = (
    [
        path("", integrations.integration_list, name="list"),
        path("<int:pk>/", integrations.integration_detail, name="detail"),
        path("<int:pk>/secrets/", integrations.issue_secret, name="issue_secret"),
        path("<int:pk>/tokens/", integrations.issue_token, name="issue_token"),
        path(
            "<int:pk>/secrets/<int:secret_pk>/revoke/",
            integrations.revoke_secret,
            name="revoke_secret",
        ),
        path(
            "<int:pk>/tokens/<int:token_pk>/revoke/", integrations.revoke_token, name="revoke_token"
        ),
        path("<int:pk>/active/", integrations.set_active, name="set_active"),
    ],
    "integrations",
)
packet_patterns = (
    [
        path("<int:pk>/", packet.packet_detail, name="detail"),
        path("<int:pk>/pdf/", packet.packet_pdf, name="pdf"),
        path("<int:pk>/fields/<slug:key>/edit/", packet.field_edit, name="field_edit"),
        path("<int:pk>/fields/<slug:key>/", packet.field_save, name="field_save"),
        path("<int:pk>/fields/<slug:key>/autosave/", packet.field_autosave, name="field_autosave"),
        path("<int:pk>/fields/<slug:key>/confirm/", packet.field_confirm, name="field_confirm"),
        path("<int:pk>/fields/<slug:key>/copy/", packet.field_copy, name="field_copy"),
        path("<int:pk>/submit/", packet.submit_to_cs, name="submit"),
        path(
            "<int:pk>/commitments/<int:commitment_pk>/",
            packet.commitment_reconcile,
            name="reconcile",
        ),
        path("<int:pk>/risks/<int:flag_pk>/", packet.risk_respond, name="risk_respond"),
        path("<int:pk>/warm-call/", packet.warm_call_confirm, name="warm_call"),
        path("<int:pk>/signals/", packet.soft_signal_add, name="soft_signal"),
        path("<int:pk>/claim/", review.claim, name="claim"),
        path("<int:pk>/reassign/", review.reassign, name="reassign"),
        path("<int:pk>/review/", review.start_review, name="start_review"),
        path("<int:pk>/accept/", review.accept, name="accept"),
        path("<int:pk>/return/", review.return_to_ae, name="return"),
        path("<int:pk>/comments/", review.comment, name="comment"),
        path(
            "<int:pk>/comments/<int:comment_pk>/resolve/",
            review.resolve_comment,
            name="resolve_comment",
        ),
        path("<int:pk>/kickoff/", kickoff.book, name="kickoff_book"),
        path("<int:pk>/kickoff/reschedule/", kickoff.reschedule, name="kickoff_reschedule"),
        path("<int:pk>/kickoff/cancel/", kickoff.cancel, name="kickoff_cancel"),
        path("<int:pk>/kickoff/record/", kickoff.record, name="kickoff_record"),
        path("<int:pk>/kickoff/<int:kickoff_pk>.ics", kickoff.ics, name="kickoff_ics"),
        path("<int:pk>/plan/", plans.plan_detail, name="plan"),
        path("<int:pk>/plan/generate/", plans.plan_generate, name="plan_generate"),
        path("<int:pk>/plan/items/<int:item_pk>/", plans.item_edit, name="plan_item_edit"),
        path(
            "<int:pk>/plan/items/<int:item_pk>/status/",
            plans.item_status,
            name="plan_item_status",
        ),
        path("<int:pk>/plan/outcomes/", plans.outcome_add, name="plan_outcome_add"),
        path("<int:pk>/plan/first-value/", plans.first_value_record, name="plan_first_value"),
        path("<int:pk>/plan/shares/", plans.share_create, name="plan_share"),
        path(
            "<int:pk>/plan/shares/<int:share_pk>/revoke/",
            plans.share_revoke,
            name="plan_share_revoke",
        ),
        path("<int:pk>/flags/", operator_review.flag, name="flag"),
    ],
    "packets",
)
notification_patterns = (
    [
        path("", notifications.notification_list, name="list"),
        path("read/", notifications.notification_read, name="read"),
    ],
    "notifications",
)
plan_patterns = (
    [
        path("", plan_admin.plan_list, name="list"),
        path("first-values/", plan_admin.import_first_values, name="import_first_values"),
        path("templates/", plan_admin.plan_templates, name="templates"),
        path("templates/<int:pk>/", plan_admin.plan_template_save, name="template_save"),
    ],
    "plans",
)
webhook_patterns = (
    [
        path("", webhooks.webhook_list, name="list"),
        path("endpoints/", webhooks.endpoint_create, name="endpoint_create"),
        path("endpoints/<int:pk>/active/", webhooks.endpoint_set_active, name="endpoint_active"),
        path("deliveries/<int:pk>/replay/", webhooks.delivery_replay, name="replay"),
    ],
    "webhooks",
)
drafting_patterns = (
    [
        path("", drafting.drafting_home, name="home"),
        path("preview/", prompt_preview.prompt_preview, name="preview"),
        *drafting_urls.urlpatterns,
    ],
    "drafting",
)
# Governance pages that read packets, mounted beside governance's own under /revops/governance/.
governed_patterns = (
    [
        path(
            "definitions/<int:pk>/impact/",
            governed.definitions_impact_page,
            name="definitions_impact",
        ),
        path("sources/<int:pk>/preview/", governed.mapping_preview_page, name="mapping_preview"),
        path("reviews/", operator_review.review_list, name="reviews"),
        path("reviews/<str:quarter>/", operator_review.review_detail, name="review"),
        path(
            "reviews/<str:quarter>/flags/<int:flag_pk>/triage/",
            operator_review.triage,
            name="triage",
        ),
        path("reviews/<str:quarter>/sign-off/", operator_review.sign_off, name="sign_off"),
        path("replays/", replays.replays, name="replays"),
        path("replays/<int:pk>/", replays.replay_detail, name="replay"),
        path("replays/<int:pk>/progress/", replays.replay_progress, name="replay_progress"),
    ],
    "governed",
)
