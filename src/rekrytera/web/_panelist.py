"""The panelist's pages: home, rating (sealed), calibration, own ranking, preparation."""

from __future__ import annotations

import math
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..model import ChecklistItem, Phase, Recruitment, Role, Stage, may_assess, recused
from ..privacy import AccessDenied
from ..workspace import Access, Sealed, StaleDraft, Workspace, resident_scrubber
from ._app import SESSION_COOKIE, Web
from ._texts import TEXTS

__all__ = ["note_warnings", "routes"]

#: Where each phase's page lives.
PAGES = {Phase.INDEPENDENT: "rate", Phase.CALIBRATED: "calibrate"}


def _stage(value: str) -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise HTTPException(404) from None


def _candidate(rec: Recruitment, candidate: str, stage: Stage) -> None:
    try:
        rec.candidate(candidate)
    except KeyError:
        raise HTTPException(404) from None
    if stage not in rec.profile.stages:
        raise HTTPException(404)


def note_warnings(rec: Recruitment, note: str) -> list[str]:
    """The kinds of identifier a note seems to hold (``personal_id``, ``phone``, …)."""
    return sorted({f.kind for f in resident_scrubber(rec).findings(note)})


def _scores(form: FormData, rec: Recruitment, stage: Stage) -> dict[str, float | None]:
    """The scores posted for the competences assessed at *stage*; 400 for a value off the scale."""
    scale = rec.profile.scale
    found: dict[str, float | None] = {}
    for c in rec.profile.competences:
        if stage not in rec.profile.stages_of(c):
            continue
        raw = form.get(f"score.{c.key}", "")
        if not isinstance(raw, str) or raw == "":
            found[c.key] = None
            continue
        try:
            value = float(raw)
        except ValueError:
            raise HTTPException(400) from None
        if not math.isfinite(value) or value not in scale:
            raise HTTPException(400)
        found[c.key] = value
    return found


def _version(form: FormData) -> int:
    raw = form.get("version", "0")
    try:
        return int(raw) if isinstance(raw, str) else 0
    except ValueError:
        raise HTTPException(400) from None


def _kinds(web: Web, request: Request, kinds: list[str]) -> str:
    """The kinds of identifier found, in words: "ett personnummer, en e-postadress"."""
    words = TEXTS[web.lang(request)]
    return ", ".join(words[f"kind_{k}"] for k in kinds)


def _rating_page(
    web: Web,
    request: Request,
    ws: Workspace,
    access: Access,
    candidate: str,
    stage: Stage,
    phase: Phase,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    posted: tuple[dict[str, float | None], str] | None = None,
    warnings: list[str] | None = None,
) -> Response:
    rec = ws.recruitment(access)
    view = ws.view(access)
    submitted = ws.submitted(access, candidate, stage, phase)
    independent = ws.submitted(access, candidate, stage, Phase.INDEPENDENT)
    draft = ws.draft(access, candidate, stage, phase)
    if posted is not None:
        values, note = posted
    elif submitted is not None:
        values, note = dict(submitted.scores), submitted.note
    elif draft is not None:
        values, note = draft.scores, draft.note
    elif phase is Phase.CALIBRATED and independent is not None:
        values, note = dict(independent.scores), ""
    else:
        values, note = {}, ""
    asked = {
        a.question
        for record in rec.interviews
        if record.candidate == candidate and record.stage is stage
        for a in record.asked
        if a.by == access.panelist
    }
    competences: list[dict[str, Any]] = []
    for c in rec.profile.competences:
        if stage not in rec.profile.stages_of(c):
            continue
        competences.append(
            {
                "key": c.key,
                "label": c.label,
                "description": c.description,
                "value": values.get(c.key),
                "levels": [
                    {"value": level, "anchor": c.anchors.get(level, "")}
                    for level in range(rec.profile.scale.min, rec.profile.scale.max + 1)
                ],
                "questions": [
                    {"text": q.text, "follow_ups": q.follow_ups, "mine": q.id in asked}
                    for q in rec.guide.questions
                    if q.competence == c.key and q.stage is stage
                ],
            }
        )
    others: list[dict[str, Any]] | None = None
    if independent is not None:
        try:
            others = [
                {
                    "panelist": r.panelist,
                    "role": rec.panelist(r.panelist).role.value,
                    "phase": r.phase.value,
                    "scores": [r.scores.get(str(c["key"])) for c in competences],
                    "note": r.note,
                }
                for r in ws.others(access, candidate, stage)
            ]
        except AccessDenied:
            others = None
    try:
        name = view.name(candidate)
    except AccessDenied:
        name = None
    return web.page(
        request,
        "rate.html",
        status_code=status_code,
        title_key="rate_title" if phase is Phase.INDEPENDENT else "calibrate_title",
        phase=phase.value,
        page=PAGES[phase],
        candidate=candidate,
        name=name,
        stage=stage.value,
        competences=competences,
        note=note,
        version=0 if draft is None else draft.version,
        submitted=submitted,
        independent=independent,
        calibrated=ws.submitted(access, candidate, stage, Phase.CALIBRATED),
        calibration_open=ws.calibration_open(access.recruitment),
        others=others,
        errors=errors or {},
        warnings=_kinds(
            web, request, warnings if warnings is not None else note_warnings(rec, note)
        ),
        done=request.query_params.get("done"),
    )


def routes(web: Web) -> list[BaseRoute]:
    """The panelist's routes."""

    def home(request: Request) -> Response:
        with web.panelist(request) as (ws, access):
            rec = ws.recruitment(access)
            me = rec.panelist(access.panelist)
            state = ws.state(access.recruitment)
            rows = [
                {
                    "candidate": c.id,
                    "name": c.identity.name,
                    "stage": stage.value,
                    "conflict": not may_assess(rec, me.id, c.id),
                    "state": state.get((access.panelist, c.id, stage), "none"),
                }
                for c in rec.candidates
                for stage in rec.profile.stages
            ]
            records = ws.participation(access)
            prepared = any(
                p.panelist == access.panelist and p.checklist.get(ChecklistItem.DOCUMENTS)
                for p in records
            )
            supported = [p.panelist for p in records if p.supporter == access.panelist]
            barred = access.panelist in recused(rec)
            return web.page(
                request,
                "home.html",
                rec=rec,
                role=access.role.value,
                rates=access.rates,
                chair=access.chair,
                resident=access.role is Role.RESIDENT,
                prepared=prepared,
                rows=rows if access.rates and not barred else [],
                barred=barred,
                supported=supported,
                decided=rec.decision is not None and access.rates,
            )

    def rate_get(request: Request) -> Response:
        phase = Phase.CALIBRATED if request.url.path.startswith("/calibrate") else Phase.INDEPENDENT
        with web.panelist(request) as (ws, access):
            candidate, stage = (
                request.path_params["candidate"],
                _stage(request.path_params["stage"]),
            )
            _candidate(ws.recruitment(access), candidate, stage)
            ws.check_rating(access, candidate, stage, phase)  # the workspace's rules, 403
            return _rating_page(web, request, ws, access, candidate, stage, phase)

    def rate_post_sync(request: Request, form: FormData, autosave: bool) -> Response:
        phase = Phase.CALIBRATED if request.url.path.startswith("/calibrate") else Phase.INDEPENDENT
        with web.panelist(request) as (ws, access):
            rec = ws.recruitment(access)
            candidate, stage = (
                request.path_params["candidate"],
                _stage(request.path_params["stage"]),
            )
            _candidate(rec, candidate, stage)
            scores = _scores(form, rec, stage)
            raw_note = form.get("note", "")
            note = raw_note if isinstance(raw_note, str) else ""
            version = _version(form)
            warnings = note_warnings(rec, note)
            submit = form.get("action") == "submit" and not autosave
            errors: dict[str, str] = {}
            if submit and form.get("confirm") != "yes":
                errors["confirm"] = "confirm_missing"
            if submit and not any(v is not None for v in scores.values()):
                errors["scores"] = "no_scores"
            try:
                if submit and not errors:
                    ws.submit(access, candidate, stage, phase, scores, note, version)
                    return web.done(request.url.path, "submitted")
                draft = ws.save_draft(access, candidate, stage, phase, scores, note, version)
            except StaleDraft:
                if autosave:
                    return JSONResponse({"error": "stale"}, status_code=409)
                errors["form"] = "stale"
                return _rating_page(
                    web, request, ws, access, candidate, stage, phase,
                    status_code=409, errors=errors, posted=(scores, note),
                )  # fmt: skip
            except Sealed:
                if autosave:
                    return JSONResponse({"error": "sealed"}, status_code=409)
                return web.done(request.url.path)
            if autosave:
                return JSONResponse({"version": draft.version, "warnings": warnings})
            if errors:
                return _rating_page(
                    web, request, ws, access, candidate, stage, phase,
                    status_code=400, errors=errors, posted=(scores, note), warnings=warnings,
                )  # fmt: skip
            return web.done(request.url.path, "saved")

    def rate_post_page(request: Request, form: FormData) -> Response:
        return rate_post_sync(request, form, False)

    def rate_post_autosave(request: Request, form: FormData) -> Response:
        return rate_post_sync(request, form, True)

    def ranking_page(
        request: Request,
        ws: Workspace,
        access: Access,
        *,
        status_code: int = 200,
        error: str | None = None,
        places: dict[str, int] | None = None,
        comment: str | None = None,
    ) -> Response:
        rec = ws.recruitment(access)
        if access.panelist in recused(rec):
            raise AccessDenied("a declared conflict of interest: no part in this recruitment")
        me = rec.panelist(access.panelist)
        current = next((r for r in rec.rankings if r.panelist == access.panelist), None)
        if places is None:
            places = {c: i + 1 for i, c in enumerate(current.order)} if current else {}
        candidates = [
            {"id": c.id, "name": c.identity.name, "place": places.get(c.id)}
            for c in rec.candidates
            if may_assess(rec, me.id, c.id)
        ]
        return web.page(
            request,
            "ranking.html",
            status_code=status_code,
            candidates=candidates,
            count=len(candidates),
            comment=comment if comment is not None else (current.comment if current else ""),
            error=error,
            done=request.query_params.get("done"),
        )

    def ranking_get(request: Request) -> Response:
        with web.panelist(request) as (ws, access):
            if not access.rates:
                raise AccessDenied("supporters do not rank")
            return ranking_page(request, ws, access)

    def ranking_post_sync(request: Request, form: FormData) -> Response:
        with web.panelist(request) as (ws, access):
            if not access.rates:
                raise AccessDenied("supporters do not rank")
            rec = ws.recruitment(access)
            me = rec.panelist(access.panelist)
            places: dict[str, int] = {}
            for c in rec.candidates:
                raw = form.get(f"place.{c.id}", "")
                if not may_assess(rec, me.id, c.id) or not isinstance(raw, str) or raw == "":
                    continue
                try:
                    place = int(raw)
                except ValueError:
                    raise HTTPException(400) from None
                if not 1 <= place <= len(rec.candidates):
                    raise HTTPException(400)
                places[c.id] = place
            raw_comment = form.get("comment", "")
            comment = raw_comment if isinstance(raw_comment, str) else ""
            error = None
            if not places:
                error = "ranking_empty"
            elif len(set(places.values())) != len(places):
                error = "ranking_twice"
            if error:
                return ranking_page(
                    request, ws, access, status_code=400, error=error, places=places,
                    comment=comment,
                )  # fmt: skip
            order = sorted(places, key=lambda c: places[c])
            ws.save_ranking(access, order, comment)
            return web.done("/ranking", "ranking_saved")

    def prepare_page(request: Request, ws: Workspace, access: Access, resident: str) -> Response:
        rec = ws.recruitment(access)
        records = ws.participation(access)
        if not (
            (access.role is Role.RESIDENT and resident == access.panelist)
            or any(p.panelist == resident and p.supporter == access.panelist for p in records)
        ):
            raise AccessDenied("the preparation page is the resident's own")
        record = next((p for p in records if p.panelist == resident), None)
        supporter_name = None
        if record is not None and record.supporter is not None:
            supporter = rec.panelist(record.supporter)
            supporter_name = supporter.identity.name or supporter.id
        mine = {a.question for i in rec.interviews for a in i.asked if a.by == resident}
        questions = [q for q in rec.guide.questions if q.id in mine] or list(rec.guide.questions)
        dates = sorted(
            {i.date for i in rec.interviews if i.date is not None and resident in i.panelists}
            or {i.date for i in rec.interviews if i.date is not None}
        )
        return web.page(
            request,
            "prepare.html",
            rec=rec,
            own=resident == access.panelist,
            record=record,
            prepared=bool(record and record.checklist.get(ChecklistItem.DOCUMENTS)),
            supporter_name=supporter_name,
            questions=questions,
            mine=bool(mine),
            dates=[d.isoformat() for d in dates],
            candidates=len(rec.candidates),
            done=request.query_params.get("done"),
        )

    def prepare_get(request: Request) -> Response:
        with web.panelist(request) as (ws, access):
            resident = request.path_params.get("resident", access.panelist)
            try:
                ws.recruitment(access).panelist(resident)
            except KeyError:
                raise HTTPException(404) from None
            return prepare_page(request, ws, access, resident)

    def prepare_post_sync(request: Request, form: FormData) -> Response:
        with web.panelist(request) as (ws, access):
            ws.mark_prepared(access)
            return web.done("/prepare", "have_read_done")

    def logout_sync(request: Request, form: FormData) -> Response:
        ws = web.workspace()
        try:
            ws.end_session(request.cookies.get(SESSION_COOKIE, ""))
        finally:
            ws.store.close()
        response = web.page(request, "refused.html", kind="signed_out")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return [
        Route("/", home),
        Route("/rate/{candidate}/{stage}", rate_get, methods=["GET"]),
        Route("/rate/{candidate}/{stage}", web.posting(rate_post_page), methods=["POST"]),
        Route("/rate/{candidate}/{stage}/draft", web.posting(rate_post_autosave), methods=["POST"]),
        Route("/calibrate/{candidate}/{stage}", rate_get, methods=["GET"]),
        Route("/calibrate/{candidate}/{stage}", web.posting(rate_post_page), methods=["POST"]),
        Route(
            "/calibrate/{candidate}/{stage}/draft",
            web.posting(rate_post_autosave),
            methods=["POST"],
        ),
        Route("/ranking", ranking_get, methods=["GET"]),
        Route("/ranking", web.posting(ranking_post_sync), methods=["POST"]),
        Route("/prepare", prepare_get, methods=["GET"]),
        Route("/prepare", web.posting(prepare_post_sync), methods=["POST"]),
        Route("/prepare/{resident}", prepare_get, methods=["GET"]),
        Route("/logout", web.posting(logout_sync), methods=["POST"]),
    ]
