from django.urls import path

from thidua.awards import (
    after_views,
    certificate_views,
    council_views,
    export_views,
    revocation_views,
    views,
)

app_name = "awards"

urlpatterns = [
    path("phong-trao/<int:pk>/ho-so/", views.unit_dossier, name="unit-dossier"),
    path("phong-trao/<int:pk>/ho-so/tat-ca/", views.campaign_dossiers, name="campaign-dossiers"),
    path(
        "phong-trao/<int:pk>/ho-so/tat-ca/xuat-excel/",
        export_views.dossiers,
        name="campaign-dossiers-xlsx",
    ),
    path("ho-so/<int:dossier_id>/", views.dossier_detail, name="dossier"),
    path("ho-so/<int:dossier_id>/xuat-excel/", export_views.dossier, name="dossier-xlsx"),
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
    path("ho-so/<int:dossier_id>/mau/<str:name>", views.draft_document, name="draft"),
    path("phong-trao/<int:pk>/hoi-dong/", council_views.council_home, name="council"),
    path(
        "phong-trao/<int:pk>/hoi-dong/xuat-excel/",
        export_views.council_results,
        name="council-xlsx",
    ),
    path("phong-trao/<int:pk>/quyet-dinh/", council_views.decision_draft, name="decision-draft"),
    path("phien-hop/<int:session_id>/", council_views.session_page, name="session"),
    path(
        "phien-hop/<int:session_id>/xuat-excel/",
        export_views.session_results,
        name="session-xlsx",
    ),
    path("phien-hop/<int:session_id>/phieu/<int:ballot_id>/", council_views.vote, name="vote"),
    path(
        "phien-hop/<int:session_id>/phieu/<int:ballot_id>/nhap/",
        council_views.key_in,
        name="key-in",
    ),
    path(
        "phien-hop/<int:session_id>/phieu/<int:ballot_id>/van-ban/",
        council_views.key_in,
        {"source": "written"},
        name="key-in-written",
    ),
    path("phien-hop/<int:session_id>/sua/", council_views.session_edit, name="session-edit"),
    path(
        "phien-hop/<int:session_id>/thanh-phan/",
        council_views.session_attendance,
        name="session-attendance",
    ),
    path(
        "phien-hop/<int:session_id>/chuong-trinh/",
        council_views.session_agenda,
        name="session-agenda",
    ),
    path(
        "phien-hop/<int:session_id>/hoan/",
        council_views.session_set_aside,
        {"action": "postpone"},
        name="session-postpone",
    ),
    path(
        "phien-hop/<int:session_id>/huy/",
        council_views.session_set_aside,
        {"action": "cancel"},
        name="session-cancel",
    ),
    path("phien-hop/<int:session_id>/ket-thuc/", council_views.close, name="session-close"),
    path("phong-trao/<int:pk>/hoi-dong/lap/", council_views.council_create, name="council-create"),
    path(
        "hoi-dong-thi-dua/<int:council_id>/",
        council_views.composition_page,
        name="composition",
    ),
    path(
        "hoi-dong-thi-dua/thanh-vien/<int:member_id>/het-hieu-luc/",
        council_views.member_end,
        name="member-end",
    ),
    path("phien-hop/<int:session_id>/bien-ban.docx", council_views.minutes, name="minutes"),
    path("quyet-dinh/<int:decision_id>/", council_views.decision_page, name="decision"),
    path(
        "quyet-dinh/<int:decision_id>/xuat-excel/",
        export_views.decision_awards,
        name="decision-xlsx",
    ),
    path(
        "quyet-dinh/<int:decision_id>/noi-nhan/",
        council_views.decision_recipients,
        name="decision-recipients",
    ),
    path(
        "quyet-dinh/<int:decision_id>/quyet-dinh.docx",
        council_views.decision_document,
        name="decision-document",
    ),
    path(
        "quyet-dinh/<int:decision_id>/quyet-dinh.pdf",
        council_views.decision_document,
        {"fmt": "pdf"},
        name="decision-pdf",
    ),
    path(
        "quyet-dinh/<int:decision_id>/giay-khen.pdf",
        certificate_views.certificates,
        name="certificates",
    ),
    path(
        "quyet-dinh/<int:decision_id>/giay-khen-phoi.pdf",
        certificate_views.certificates,
        {"mode": "blank"},
        name="certificates-blank",
    ),
    path("phoi-giay-khen/", certificate_views.layout_index, name="certificate-layouts"),
    path(
        "phoi-giay-khen/<slug:form_key>/",
        certificate_views.layout_page,
        name="certificate-layout",
    ),
    path(
        "phoi-giay-khen/<slug:form_key>/in-thu.pdf",
        certificate_views.layout_test,
        name="certificate-test",
    ),
    # After the decision (issue 11): payment list, fund, revocations, register, units' decisions.
    path(
        "quyet-dinh/<int:decision_id>/chi-tien-thuong/",
        after_views.payment_list,
        name="payment-list",
    ),
    path(
        "quyet-dinh/<int:decision_id>/chi-tien-thuong/danh-sach-chi.xlsx",
        after_views.payment_list_xlsx,
        name="payment-list-xlsx",
    ),
    path(
        "quyet-dinh/<int:decision_id>/chi-tien-thuong/danh-sach-chi.docx",
        after_views.payment_list_docx,
        name="payment-list-docx",
    ),
    path(
        "quyet-dinh/<int:decision_id>/chi-tien-thuong/ghi-so-quy/",
        after_views.payment_record,
        name="payment-record",
    ),
    path("quy-thi-dua/", after_views.fund_page, name="fund"),
    path("quy-thi-dua/xuat-excel/", after_views.fund_xlsx, name="fund-xlsx"),
    path("quy-thi-dua/but-toan/<int:entry_id>/huy/", after_views.fund_reverse, name="fund-reverse"),
    path("quyet-dinh-khen-thuong/", after_views.unit_decisions, name="unit-decisions"),
    path(
        "quyet-dinh-khen-thuong/xuat-excel/",
        after_views.unit_decisions_xlsx,
        name="unit-decisions-xlsx",
    ),
    path(
        "quyet-dinh-khen-thuong/<int:decision_id>/quyet-dinh.docx",
        after_views.unit_decision_document,
        name="unit-decision-docx",
    ),
    path(
        "quyet-dinh-khen-thuong/<int:decision_id>/quyet-dinh.pdf",
        after_views.unit_decision_document,
        {"fmt": "pdf"},
        name="unit-decision-pdf",
    ),
    path("so-khen-thuong/", revocation_views.register_page, name="register"),
    path("so-khen-thuong/xuat-excel/", revocation_views.register_xlsx, name="register-xlsx"),
    path("thu-hoi/", revocation_views.revocation_list, name="revocations"),
    path("thu-hoi/xuat-excel/", revocation_views.revocation_list_xlsx, name="revocations-xlsx"),
    path("thu-hoi/moi/", revocation_views.revocation_new, name="revocation-new"),
    path("thu-hoi/<int:revocation_id>/", revocation_views.revocation_page, name="revocation"),
    path(
        "thu-hoi/<int:revocation_id>/ghi-nhan-da-ky/",
        revocation_views.revocation_sign,
        name="revocation-sign",
    ),
    path(
        "thu-hoi/<int:revocation_id>/thu-hoi/<int:item_id>/",
        revocation_views.revocation_recovery,
        name="revocation-recovery",
    ),
]
