from django.urls import path

from thidua.awards import views

app_name = "awards"

urlpatterns = [
    path("phong-trao/<int:pk>/ho-so/", views.unit_dossier, name="unit-dossier"),
    path("phong-trao/<int:pk>/ho-so/tat-ca/", views.campaign_dossiers, name="campaign-dossiers"),
    path("ho-so/<int:dossier_id>/", views.dossier_detail, name="dossier"),
    path("ho-so/<int:dossier_id>/chuyen/", views.dossier_move, name="move"),
    path("ho-so/<int:dossier_id>/de-nghi/", views.nomination_add, name="nomination-add"),
    path(
        "ho-so/<int:dossier_id>/de-nghi/<int:nomination_id>/xoa/",
        views.nomination_remove,
        name="nomination-remove",
    ),
    path(
        "ho-so/<int:dossier_id>/de-nghi/<int:nomination_id>/ket-luan/",
        views.nomination_override,
        name="nomination-override",
    ),
    path(
        "ho-so/<int:dossier_id>/de-nghi/<int:nomination_id>/chuyen-len/",
        views.nomination_forward,
        name="nomination-forward",
    ),
    path("ho-so/<int:dossier_id>/tep/", views.attachment_add, name="attachment-add"),
    path(
        "ho-so/<int:dossier_id>/tep/<int:attachment_id>/xoa/",
        views.attachment_remove,
        name="attachment-remove",
    ),
    path("tep/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
