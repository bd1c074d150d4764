from django.urls import path

from thidua.imports import views

app_name = "imports"

urlpatterns = [
    path("nhap-du-lieu/", views.index, name="index"),
    path("nhap-du-lieu/mau/<slug:kind>.xlsx", views.blank_template, name="template"),
    path("nhap-du-lieu/<int:pk>/", views.job_detail, name="job"),
    path("nhap-du-lieu/<int:pk>/trang-thai.json", views.job_status, name="job-status"),
    path("nhap-du-lieu/<int:pk>/chon/", views.job_picks, name="job-picks"),
    path("nhap-du-lieu/<int:pk>/nhap/", views.job_import, name="job-import"),
    path("nhap-du-lieu/<int:pk>/tep/", views.job_file, name="job-file"),
]
