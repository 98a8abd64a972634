from django.urls import path

from governance import views

app_name = "revops"

urlpatterns = [path("", views.revops_home, name="home")]
