"""The route table. Paths are Swedish: they are part of what citizens see."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import case_actions, catalogue, filling, login, my_cases, paper
from .health import health

routes = [
    Route("/", catalogue.home, name="home"),
    Route("/healthz", health, name="health"),
    Route("/e-tjanst/{service}", catalogue.start_page, name="start"),
    Route("/e-tjanst/{service}/blankett.pdf", paper.blank_pdf, name="blank_pdf"),
    Route("/e-tjanst/{service}/utskrift", paper.blank_print, name="blank_print"),
    Route("/e-tjanst/{service}/sida/{page}", filling.page_get, methods=["GET"], name="page"),
    Route("/e-tjanst/{service}/sida/{page}", filling.page_post, methods=["POST"]),
    Route("/e-tjanst/{service}/granska", filling.check_get, methods=["GET"], name="check"),
    Route("/e-tjanst/{service}/granska", filling.check_post, methods=["POST"]),
    Route("/arenden", my_cases.case_list, name="cases"),
    Route("/utkast/{service}/radera", my_cases.draft_delete, methods=["POST"], name="draft_delete"),
    Route("/arenden/{public_id}", my_cases.case_page, name="case"),
    Route("/arenden/{public_id}/kopia.pdf", my_cases.case_copy, name="case_copy"),
    Route("/arenden/{public_id}/meddelande", case_actions.send_message, methods=["POST"], name="case_message"),
    Route("/arenden/{public_id}/komplettering", case_actions.answer_completion, methods=["POST"], name="case_completion"),
    Route("/arenden/{public_id}/aterkalla", case_actions.withdraw_confirm, methods=["GET"], name="case_withdraw"),
    Route("/arenden/{public_id}/aterkalla", case_actions.withdraw, methods=["POST"]),
    Route("/logga-in", login.login, name="login"),
    Route("/inloggning/klar", login.callback, name="login_callback"),
    Route("/logga-ut", login.logout, methods=["POST"], name="logout"),
    Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
]
