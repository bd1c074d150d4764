from django.urls import path

from thidua.org import account_views, two_factor, views

app_name = "org"

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit-list"),
    path("don-vi/xuat-excel/", views.unit_list, {"xlsx_export": True}, name="unit-list-xlsx"),
    path("don-vi/them/", views.unit_create, name="unit-create"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit-edit"),
    path("don-vi/<int:pk>/xoa/", views.unit_delete, name="unit-delete"),
    path("ca-nhan/", views.person_list, name="person-list"),
    path("ca-nhan/xuat-excel/", views.person_list, {"xlsx_export": True}, name="person-list-xlsx"),
    path("ca-nhan/them/", views.person_create, name="person-create"),
    path("ca-nhan/<int:pk>/", views.person_detail, name="person-detail"),
    path("ca-nhan/<int:pk>/sua/", views.person_edit, name="person-edit"),
    path("ca-nhan/<int:pk>/xoa/", views.person_delete, name="person-delete"),
    path("tai-khoan/", views.account_list, name="account-list"),
    path(
        "tai-khoan/xuat-excel/", views.account_list, {"xlsx_export": True}, name="account-list-xlsx"
    ),
    path("tai-khoan/them/", views.account_form, name="account-create"),
    path("tai-khoan/<int:pk>/", views.account_form, name="account-edit"),
    path(
        "tai-khoan/<int:pk>/dat-lai-mat-khau/",
        account_views.account_reset,
        name="account-reset",
    ),
    path(
        "tai-khoan/<int:pk>/go-xac-thuc-hai-buoc/",
        two_factor.remove_for,
        name="account-otp-remove",
    ),
    path("tai-khoan/bi-khoa/", account_views.lockout_list, name="lockout-list"),
    path(
        "tai-khoan/bi-khoa/xuat-excel/",
        account_views.lockout_list,
        {"xlsx_export": True},
        name="lockout-list-xlsx",
    ),
    path(
        "tai-khoan/bi-khoa/<int:pk>/mo-khoa/", account_views.lockout_unlock, name="lockout-unlock"
    ),
    path("nhat-ky/", views.audit_recent, name="audit-recent"),
    path(
        "nhat-ky/xuat-excel/", views.audit_recent, {"xlsx_export": True}, name="audit-recent-xlsx"
    ),
    path(
        "nhat-ky/<int:content_type_id>/<str:object_pk>/", views.audit_history, name="audit-history"
    ),
    path(
        "nhat-ky/<int:content_type_id>/<str:object_pk>/xuat-excel/",
        views.audit_history,
        {"xlsx_export": True},
        name="audit-history-xlsx",
    ),
]
