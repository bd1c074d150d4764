from django.urls import path

from thidua.scoring import views

app_name = "scoring"

urlpatterns = [
    path("chi-so-cchc/", views.par_ranking, name="par-ranking"),
    path("du-lieu/", views.fact_index, name="fact-index"),
    path("du-lieu/<slug:slug>/", views.fact_list, name="fact-list"),
    path("du-lieu/<slug:slug>/them/", views.fact_create, name="fact-create"),
    path("du-lieu/<slug:slug>/<int:pk>/", views.fact_edit, name="fact-edit"),
    path("du-lieu/<slug:slug>/<int:pk>/xoa/", views.fact_delete, name="fact-delete"),
    path("ho-so/don-vi/<int:pk>/", views.unit_record, name="unit-record"),
    path("ho-so/ca-nhan/<int:pk>/", views.person_record, name="person-record"),
]
