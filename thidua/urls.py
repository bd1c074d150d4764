from django.contrib.auth import views as auth_views
from django.urls import include, path

from thidua import views
from thidua.api.urls import api_urlpatterns
from thidua.org import two_factor
from thidua.org.account_views import password_change

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", password_change, name="password-change"),
    path("dang-nhap/ma-xac-thuc/", two_factor.verify, name="otp-verify"),
    path("xac-thuc-hai-buoc/", two_factor.settings_page, name="otp-settings"),
    path("xac-thuc-hai-buoc/ma-qr.svg", two_factor.qr_code, name="otp-qr"),
    path("", include("thidua.org.urls")),
    path("", include("thidua.scoring.urls")),
    path("", include("thidua.campaigns.urls")),
    path("", include("thidua.awards.urls")),
    path("", include("thidua.law.urls")),
    path("", include("thidua.documents.urls")),
    path("", include("thidua.imports.urls")),
    path("", include("thidua.api.urls")),
    path("", include("thidua.notifications.urls")),
    path("", include("thidua.reports.urls")),
    path("", include("thidua.portal.urls")),
    path("", include("thidua.desks.urls")),
    *api_urlpatterns,
]

# A database that does not answer is a Vietnamese 503, anything else the 500 page.
handler500 = "thidua.lib.errors.server_error"
