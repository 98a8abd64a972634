"""Drafting definitions' URLs; `handoffs.urls` mounts them in the `drafting` namespace next to
the drafting overview and the prompt preview, which read packets too."""

from django.urls import path

from governance import drafting_views as views

urlpatterns = [
    path("choice/", views.set_drafter, name="set_drafter"),
    path("prompts/<slug:key>/new/", views.prompt_version_new, name="prompt_version_new"),
    path("prompts/versions/<int:pk>/", views.prompt_version_detail, name="prompt_version"),
    path(
        "prompts/versions/<int:pk>/submit/",
        views.prompt_version_submit,
        name="prompt_version_submit",
    ),
    path(
        "prompts/versions/<int:pk>/publish/",
        views.prompt_version_publish,
        name="prompt_version_publish",
    ),
    path(
        "prompts/versions/<int:pk>/retire/",
        views.prompt_version_retire,
        name="prompt_version_retire",
    ),
]
