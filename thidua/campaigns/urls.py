from django.urls import path

from thidua.campaigns import period_views, plan_views, registration_views, views

app_name = "campaigns"

urlpatterns = [
    path("phong-trao/", views.campaign_list, name="list"),
    path("phong-trao/xuat-excel/", views.campaign_list, {"xlsx_export": True}, name="list-xlsx"),
    path("phong-trao/tao/", views.campaign_create, name="create"),
    path("phong-trao/<int:pk>/", views.campaign_detail, name="detail"),
    path("phong-trao/<int:pk>/ke-hoach/sua/", plan_views.plan_edit, name="plan-edit"),
    path("phong-trao/<int:pk>/ke-hoach/cac-phan/", plan_views.sections_edit, name="sections-edit"),
    path("phong-trao/<int:pk>/trang-thai/", plan_views.change_status, name="status"),
    path("phong-trao/<int:pk>/quy-dinh/", plan_views.rules_edit, name="rules-edit"),
    path("phong-trao/<int:pk>/thoi-han/", period_views.period_edit, name="period-edit"),
    path("phong-trao/<int:pk>/phuong-an/", period_views.schemes_edit, name="schemes-edit"),
    path(
        "phong-trao/<int:pk>/ke-hoach.<str:fmt>",
        plan_views.plan_document,
        name="plan-document",
    ),
    path("phong-trao/<int:pk>/lich/", plan_views.calendar, name="calendar"),
    path("phong-trao/<int:pk>/lich.ics", plan_views.calendar_ics, name="calendar-ics"),
    path("phong-trao/<int:pk>/dang-ky/", registration_views.unit_registration, name="register"),
    path(
        "phong-trao/<int:pk>/dang-ky/tong-hop/",
        registration_views.overview_page,
        name="registrations",
    ),
    path(
        "phong-trao/<int:pk>/dang-ky/tong-hop/xuat-excel/",
        registration_views.export_overview,
        name="registrations-export",
    ),
    path("phong-trao/<int:pk>/dang-ky/chuyen-len/", registration_views.forward, name="forward"),
    path(
        "phong-trao/<int:pk>/dang-ky/<int:registration_id>/mo-lai/",
        registration_views.reopen,
        name="registration-reopen",
    ),
    path(
        "phong-trao/<int:pk>/dang-ky/<int:registration_id>/phieu.docx",
        registration_views.registration_document,
        name="registration-document",
    ),
    path("phong-trao/<int:pk>/xet/", views.results, name="results-first"),
    path("phong-trao/<int:pk>/xet/tinh-lai/", views.recompute, name="recompute"),
    path("phong-trao/<int:pk>/xet/trang-thai/", views.evaluation_status, name="evaluation-status"),
    path("phong-trao/<int:pk>/xet/xuat-excel/", views.export_results, name="export"),
    path("phong-trao/<int:pk>/xet/<slug:scheme_key>/", views.results, name="results"),
    path(
        "phong-trao/<int:pk>/xet/<slug:scheme_key>/xuat-excel/",
        views.export_results,
        name="export-scheme",
    ),
    path("phong-trao/<int:pk>/thu/<slug:scheme_key>/", views.what_if, name="what-if"),
    path(
        "phong-trao/<int:pk>/xet/<slug:scheme_key>/<str:code>/",
        views.candidate,
        name="candidate",
    ),
]
