from django.urls import path

from thidua.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("phong-trao/", views.campaign_list, name="list"),
    path("phong-trao/tao/", views.campaign_create, name="create"),
    path("phong-trao/<int:pk>/", views.campaign_detail, name="detail"),
    path("phong-trao/<int:pk>/xet/", views.results, name="results-first"),
    path("phong-trao/<int:pk>/xet/xuat-excel/", views.export_results, name="export"),
    path("phong-trao/<int:pk>/xet/<slug:scheme_key>/", views.results, name="results"),
    path("phong-trao/<int:pk>/thu/<slug:scheme_key>/", views.what_if, name="what-if"),
    path(
        "phong-trao/<int:pk>/xet/<slug:scheme_key>/<str:code>/",
        views.candidate,
        name="candidate",
    ),
]
