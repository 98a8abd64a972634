from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("units/<slug:slug>/assignment/", views.set_assignment_rule, name="set_assignment_rule"),
]
