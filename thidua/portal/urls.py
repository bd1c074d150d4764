from django.urls import path

from thidua.portal import views

app_name = "portal"

urlpatterns = [
    path("bang-vang/", views.honor_board, name="honor-board"),
]
