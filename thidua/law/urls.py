from django.urls import path

from thidua.law import views

app_name = "law"

urlpatterns = [
    path("phap-ly/", views.index, name="index"),
    path("phap-ly/them/<slug:table>/", views.add_row, name="add"),
]
