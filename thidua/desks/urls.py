from django.urls import path

from thidua.desks import views

app_name = "desks"

urlpatterns = [
    path("viec-can-lam/thieu-du-lieu/<slug:slug>/", views.gaps, name="gaps"),
    path(
        "viec-can-lam/thieu-du-lieu/<slug:slug>/xuat-excel/",
        views.gaps,
        {"xlsx_export": True},
        name="gaps-xlsx",
    ),
]
