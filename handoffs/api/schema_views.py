"""The OpenAPI schema and Swagger UI, served from local assets to signed-in users."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView


class SchemaView(SpectacularAPIView):
    access_policy = "signed_in"


class DocsView(SpectacularSwaggerView):
    access_policy = "signed_in"
