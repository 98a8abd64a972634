from django.urls import path

from handoffs.views import integrations, portals, revops

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
