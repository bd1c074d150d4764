from django.urls import path

from thidua.documents import views

app_name = "documents"

urlpatterns = [
    path("mau-van-ban/", views.index, name="templates"),
    path("mau-van-ban/tep/<int:pk>/", views.download_upload, name="template-file"),
    path("mau-van-ban/<slug:kind>/", views.detail, name="template"),
    path("mau-van-ban/<slug:kind>/mau-goc.docx", views.download_product, name="template-product"),
    path("mau-van-ban/<slug:kind>/dang-dung.docx", views.download_current, name="template-current"),
    path("mau-van-ban/<slug:kind>/dung-mau-goc/", views.use_product, name="template-reset"),
]
