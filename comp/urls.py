from django.urls import path

from comp import api, close_views, views

ae_patterns = ([path("", views.my_commission, name="commission")], "ae_comp")
csm_patterns = ([path("", views.my_variable, name="variable")], "csm_comp")
app_name = "comp"
urlpatterns = [
    path("", views.comp_home, name="home"),
    path("plans/new/", views.plan_edit, name="plan_new"),
    path("plans/<int:pk>/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/close/", close_views.preview, name="close_preview"),
    path("plans/<int:pk>/close/confirm/", close_views.close_quarter, name="plan_close"),
    path("plans/<int:pk>/payroll.csv", views.payroll_csv, name="payroll_csv"),
    path("plans/<int:pk>/releases.csv", views.releases_csv, name="releases_csv"),
    path("plans/<int:pk>/statements/<int:ae_pk>.pdf", views.statement_pdf, name="statement"),
    path(
        "plans/<int:pk>/csm-statements/<int:csm_pk>.pdf",
        views.csm_statement_pdf,
        name="csm_statement",
    ),
    path(
        "plans/<int:pk>/csm-statements/<int:csm_pk>/pay-difference/",
        close_views.pay_difference,
        name="pay_difference",
    ),
    path("exceptions/acknowledge/", close_views.acknowledge, name="acknowledge"),
    path("holdbacks/<int:packet_pk>/decide/", close_views.decide_holdback, name="decide_holdback"),
    path("ledger/", views.ledger_explorer, name="ledger"),
    path("ledger/<int:pk>/reverse/", views.reverse_ledger_entry, name="reverse"),
    path("signals/import/", views.import_signals, name="import_signals"),
]

api_patterns = (
    [
        path("plans/", api.PlanList.as_view(), name="plans"),
        path("plans/<int:pk>/", api.PlanDetail.as_view(), name="plan"),
        path("plans/<int:pk>/statements/<str:email>/", api.Statement.as_view(), name="statement"),
        path(
            "plans/<int:pk>/csm-statements/<str:email>/",
            api.CsmStatementView.as_view(),
            name="csm_statement",
        ),
        path("ledger/", api.Ledger.as_view(), name="ledger"),
        path("stickiness-signals/", api.StickinessSignals.as_view(), name="signals"),
    ],
    "comp_api",
)
