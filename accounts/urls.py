from django.urls import path

from accounts import views

app_name = "team"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("invite/", views.team_invite, name="invite"),
    path("<int:pk>/active/", views.team_set_active, name="set_active"),
]
