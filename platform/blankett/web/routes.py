"""The route table. Paths are Swedish: they are part of what citizens see."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import (
    admin,
    case_actions,
    catalogue,
    filling,
    inbox,
    login,
    my_cases,
    my_sessions,
    paper,
    profile,
    signing,
    uploads,
)
from .health import health

routes = [
    Route("/", catalogue.home, name="home"),
    Route("/healthz", health, name="health"),
    Route("/e-tjanst/{service}", catalogue.start_page, name="start"),
    Route("/e-tjanst/{service}/blankett.pdf", paper.blank_pdf, name="blank_pdf"),
    Route("/e-tjanst/{service}/utskrift", paper.blank_print, name="blank_print"),
    Route("/e-tjanst/{service}/sida/{page}", filling.page_get, methods=["GET"], name="page"),
    Route("/e-tjanst/{service}/sida/{page}", filling.page_post, methods=["POST"]),
    Route("/e-tjanst/{service}/filer/{upload_id}", uploads.own_file, name="own_file"),
    Route("/e-tjanst/{service}/granska", filling.check_get, methods=["GET"], name="check"),
    Route("/e-tjanst/{service}/granska", filling.check_post, methods=["POST"]),
    Route("/arenden", my_cases.case_list, name="cases"),
    Route("/utkast/{service}/radera", my_cases.draft_delete, methods=["POST"], name="draft_delete"),
    Route("/arenden/{public_id}", my_cases.case_page, name="case"),
    Route("/arenden/{public_id}/kopia.pdf", my_cases.case_copy, name="case_copy"),
    Route("/arenden/{public_id}/bilagor/{upload_id}", uploads.case_attachment, name="case_attachment"),
    Route("/arenden/{public_id}/meddelande", case_actions.send_message, methods=["POST"], name="case_message"),
    Route("/arenden/{public_id}/komplettering", case_actions.answer_completion, methods=["POST"], name="case_completion"),
    Route("/arenden/{public_id}/aterkalla", case_actions.withdraw_confirm, methods=["GET"], name="case_withdraw"),
    Route("/arenden/{public_id}/aterkalla", case_actions.withdraw, methods=["POST"]),
    Route("/profil", profile.profile_get, methods=["GET"], name="profile"),
    Route("/profil", profile.profile_post, methods=["POST"]),
    Route("/profil/skicka-lank", profile.resend_link, methods=["POST"], name="profile_resend"),
    Route("/profil/bekrafta/{token}", profile.verify_email, name="profile_verify"),
    Route("/profil/mina-uppgifter.json", profile.download, name="profile_download"),
    Route("/profil/radera", profile.delete_get, methods=["GET"], name="profile_delete"),
    Route("/profil/radera", profile.delete_post, methods=["POST"]),
    Route("/admin/klassning", admin.classification, name="admin_classification"),
    Route("/admin/klassning.csv", admin.classification_csv, name="admin_classification_csv"),
    Route("/handlaggning", inbox.case_list, name="inbox"),
    Route("/handlaggning/{reference}", inbox.case_page, name="inbox_case"),
    Route("/handlaggning/{reference}/status", inbox.change_status, methods=["POST"]),
    Route("/handlaggning/{reference}/meddelande", inbox.send_message, methods=["POST"]),
    Route("/handlaggning/{reference}/komplettering", inbox.request_completion, methods=["POST"]),
    Route("/handlaggning/{reference}/beslut", inbox.record_decision, methods=["POST"]),
    Route("/handlaggning/{reference}/tilldela", inbox.assign, methods=["POST"]),
    Route("/handlaggning/{reference}/dokument/{document_id}", inbox.document),
    Route(signing.CALLBACK_PATH, signing.callback, name="signing_callback"),
    Route("/logga-in", login.login, name="login"),
    Route("/inloggning/klar", login.callback, name="login_callback"),
    Route("/logga-ut", login.logout, methods=["POST"], name="logout"),
    Route("/sessioner", my_sessions.session_list, name="sessions"),
    Route("/sessioner/avsluta", my_sessions.end_one, methods=["POST"], name="session_end"),
    Route("/sessioner/logga-ut-overallt", my_sessions.end_all, methods=["POST"], name="logout_everywhere"),
    Route("/sessioner/forlang", my_sessions.extend, methods=["POST"], name="session_extend"),
    Route("/sessioner/status", my_sessions.timer_status, name="session_status"),
    Route("/utloggad", my_sessions.logged_out, name="logged_out"),
    Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
]
