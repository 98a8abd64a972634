from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from comp.urls import ae_patterns as comp_ae_patterns
from comp.urls import api_patterns as comp_api_patterns
from comp.urls import csm_patterns as comp_csm_patterns
from handoffs.api.schema_views import DocsView, SchemaView
from handoffs.urls import (
    ae_patterns,
    csm_patterns,
    drafting_patterns,
    explorer_patterns,
    governed_patterns,
    integration_patterns,
    metrics_patterns,
    notification_patterns,
    packet_patterns,
    plan_patterns,
    revops_patterns,
    webhook_patterns,
)
from handoffs.views.shared_plan import shared_plan

handler403 = "accounts.views.permission_denied"
handler404 = "accounts.views.page_not_found"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.health, name="health"),
    path("favicon.ico", account_views.FaviconRedirect.as_view()),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("handoffs.api.urls")),
    path("api/v1/comp/", include(comp_api_patterns)),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("packets/", include(packet_patterns)),
    path("notifications/", include(notification_patterns)),
    path("ae/commission/", include(comp_ae_patterns)),
    path("csm/variable/", include(comp_csm_patterns)),
    path("revops/comp/", include("comp.urls")),
    path("ae/", include(ae_patterns)),
    path("csm/", include(csm_patterns)),
    path("revops/team/", include("accounts.urls")),
    path("revops/integrations/", include(integration_patterns)),
    path("revops/governance/", include("governance.urls")),
    path("revops/governance/", include(governed_patterns)),
    path("revops/drafting/", include(drafting_patterns)),
    path("revops/plans/", include(plan_patterns)),
    path("revops/webhooks/", include(webhook_patterns)),
    path("shared/plans/<str:token>/", shared_plan, name="shared_plan"),
    path("revops/metrics/", include(metrics_patterns)),
    path("revops/packets/", include(explorer_patterns)),
    path("revops/", include(revops_patterns)),
]
