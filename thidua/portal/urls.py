from django.urls import path

from thidua.portal import office_views, public_views

app_name = "portal"

urlpatterns = [
    # The public (no login).
    path("bang-vang/", public_views.honor_board, name="honor-board"),
    path("bang-vang/atom.xml", public_views.PublicationFeed(), name="feed"),
    path("bang-vang/<int:item_id>/", public_views.example, name="example"),
    path("bang-vang/<int:item_id>/anh.jpg", public_views.photo, name="photo"),
    path("bang-vang/lay-y-kien/<int:publication_id>/", public_views.comment_page, name="comment"),
    # The office.
    path("cong-bo/", office_views.publication_list, name="list"),
    path("cong-bo/xuat-excel/", office_views.publication_list_xlsx, name="list-xlsx"),
    path(
        "cong-bo/quyet-dinh/<int:decision_id>/",
        office_views.from_decision,
        name="from-decision",
    ),
    path(
        "cong-bo/quyet-dinh/<int:decision_id>/truyen-thanh/",
        office_views.announcement,
        name="announcement",
    ),
    path(
        "cong-bo/quyet-dinh/<int:decision_id>/thong-bao-truyen-thanh.docx",
        office_views.announcement_file,
        {"fmt": "docx"},
        name="announcement-docx",
    ),
    path(
        "cong-bo/quyet-dinh/<int:decision_id>/thong-bao-truyen-thanh.txt",
        office_views.announcement_file,
        {"fmt": "txt"},
        name="announcement-txt",
    ),
    path(
        "cong-bo/phong-trao/<int:campaign_id>/lay-y-kien/",
        office_views.for_comment,
        name="for-comment",
    ),
    path("cong-bo/<int:pk>/", office_views.publication_page, name="publication"),
    path("cong-bo/<int:pk>/cong-bo/", office_views.publish, name="publish"),
    path("cong-bo/<int:pk>/go/", office_views.withdraw, name="withdraw"),
    path("cong-bo/<int:pk>/y-kien/", office_views.comments, name="comments"),
    path("cong-bo/<int:pk>/y-kien/xuat-excel/", office_views.comments_xlsx, name="comments-xlsx"),
    path("cong-bo/y-kien/<int:pk>/xu-ly/", office_views.comment_handled, name="comment-handled"),
    path("cong-bo/muc/<int:pk>/", office_views.item_page, name="item"),
    path("cong-bo/muc/<int:pk>/anh.jpg", office_views.item_photo, name="item-photo"),
]
