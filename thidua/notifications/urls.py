from django.urls import path

from thidua.notifications import views

app_name = "notifications"

urlpatterns = [
    path("thong-bao/", views.list, name="list"),
]
