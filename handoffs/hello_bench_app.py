"""A one-file Django app that answers "Hello": the framework's floor that `make bench` serves
under the same gunicorn settings as Handbrief, so page figures read as a share of it."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="hello-bench-only",
    MIDDLEWARE=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
