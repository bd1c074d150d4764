from django.urls import path, re_path

from thidua.api import views
from thidua.api.main import api

app_name = "api-tokens"

urlpatterns = [
    path("tai-khoan/ma-api/", views.token_list, name="list"),
    path("tai-khoan/ma-api/them/", views.token_create, name="create"),
    path("tai-khoan/ma-api/<int:pk>/thu-hoi/", views.token_revoke, name="revoke"),
]

# The API's own URLs (outside the app namespace above: ninja names them "api:…"), then a
# JSON 404 for any other path under /api/ rather than the site's HTML page.
api_urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", views.api_not_found),
]
