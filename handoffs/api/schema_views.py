"""The OpenAPI schema and Swagger UI, served from local assets to signed-in users.

The split view serves its start-up script as a file, so the strict CSP needs no exception."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    access_policy = "signed_in"


class DocsView(SpectacularSwaggerSplitView):
    access_policy = "signed_in"
