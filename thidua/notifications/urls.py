from django.urls import path

from thidua.notifications import views

app_name = "notifications"

urlpatterns = [
    path("thong-bao/", views.list, name="list"),
    path("thong-bao/xuat-excel/", views.list, {"xlsx_export": True}, name="list-xlsx"),
    path("thong-bao/<int:pk>/", views.open_one, name="open"),
    path("thong-bao/<int:pk>/da-doc/", views.mark_read, name="mark-read"),
    path("thong-bao/da-doc-tat-ca/", views.mark_all_read, name="mark-all-read"),
    path("thong-bao/nhat-ky/", views.log, name="log"),
    path("thong-bao/nhat-ky/xuat-excel/", views.log, {"xlsx_export": True}, name="log-xlsx"),
    path("tai-khoan/thong-bao/", views.preferences, name="preferences"),
    path("phong-trao/<int:pk>/nhac-han/", views.campaign_reminders, name="campaign-reminders"),
]
