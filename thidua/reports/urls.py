from django.urls import path

from thidua.reports import views

app_name = "reports"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="dashboard"),
    path("thong-ke/xuat-excel/", views.dashboard_xlsx, name="dashboard-xlsx"),
    path("thong-ke/bieu-thong-ke/", views.statistics_xlsx, name="statistics-xlsx"),
    path("thong-ke/bao-cao-tong-ket/<int:pk>/", views.summary_report, name="summary-report"),
]
