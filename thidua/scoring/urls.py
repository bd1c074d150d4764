from django.urls import path

from thidua.scoring import views

app_name = "scoring"

urlpatterns = [
    path("chi-so-cchc/", views.par_ranking, name="par-ranking"),
    path(
        "chi-so-cchc/xuat-excel/", views.par_ranking, {"xlsx_export": True}, name="par-ranking-xlsx"
    ),
    path("du-lieu/", views.fact_index, name="fact-index"),
    path("du-lieu/<slug:slug>/", views.fact_list, name="fact-list"),
    path(
        "du-lieu/<slug:slug>/xuat-excel/",
        views.fact_list,
        {"xlsx_export": True},
        name="fact-list-xlsx",
    ),
    path("du-lieu/<slug:slug>/them/", views.fact_create, name="fact-create"),
    path("du-lieu/<slug:slug>/xac-nhan/", views.fact_confirm, name="fact-confirm"),
    path("du-lieu/chi-so-cchc/<int:pk>/tep/", views.evidence_add, name="evidence-add"),
    path(
        "du-lieu/chi-so-cchc/<int:pk>/tep/<int:evidence_id>/",
        views.evidence_download,
        name="evidence-download",
    ),
    path(
        "du-lieu/chi-so-cchc/<int:pk>/tep/<int:evidence_id>/xoa/",
        views.evidence_remove,
        name="evidence-remove",
    ),
    path("du-lieu/<slug:slug>/<int:pk>/", views.fact_edit, name="fact-edit"),
    path("du-lieu/<slug:slug>/<int:pk>/xoa/", views.fact_delete, name="fact-delete"),
    path("ho-so/don-vi/<int:pk>/", views.unit_record, name="unit-record"),
    path("ho-so/ca-nhan/<int:pk>/", views.person_record, name="person-record"),
]
