from django.urls import path

from governance import definition_views as definitions
from governance import mapping_views as mappings
from governance import views

app_name = "governance"

urlpatterns = [
    path("", views.governance_home, name="home"),
    path("sla/", views.sla_update, name="sla_update"),
    path("units/<slug:slug>/assignment/", views.set_assignment_rule, name="set_assignment_rule"),
    path("definitions/", definitions.definitions_home, name="definitions"),
    path("definitions/new/", definitions.definitions_new, name="definitions_new"),
    path("definitions/<int:pk>/", definitions.definitions_detail, name="definitions_version"),
    path("definitions/<int:pk>/fields/", definitions.field_save, name="definitions_field_save"),
    path(
        "definitions/<int:pk>/fields/<slug:key>/remove/",
        definitions.field_remove,
        name="definitions_field_remove",
    ),
    path("definitions/<int:pk>/gate/", definitions.gate_set, name="definitions_gate"),
    path("definitions/<int:pk>/words/", definitions.words_set, name="definitions_words"),
    path("definitions/<int:pk>/note/", definitions.note_set, name="definitions_note"),
    path("definitions/<int:pk>/submit/", definitions.submit, name="definitions_submit"),
    path("definitions/<int:pk>/publish/", definitions.publish, name="definitions_publish"),
    path("definitions/<int:pk>/retire/", definitions.retire, name="definitions_retire"),
    path("sources/", mappings.mappings_home, name="mappings"),
    path("sources/new/", mappings.mappings_new, name="mappings_new"),
    path("sources/<int:pk>/", mappings.mapping_detail, name="mapping_version"),
    path("sources/<int:pk>/rows/", mappings.row_add, name="mapping_row_add"),
    path("sources/<int:pk>/rows/remove/", mappings.row_remove, name="mapping_row_remove"),
    path("sources/<int:pk>/rows/raise/", mappings.row_raise, name="mapping_row_raise"),
    path("sources/<int:pk>/note/", mappings.note_set, name="mapping_note"),
    path("sources/<int:pk>/submit/", mappings.submit, name="mapping_submit"),
    path("sources/<int:pk>/publish/", mappings.publish, name="mapping_publish"),
    path("sources/<int:pk>/retire/", mappings.retire, name="mapping_retire"),
]
