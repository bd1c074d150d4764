from django.urls import path

from thidua.reports import views

app_name = "reports"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="dashboard"),
]
