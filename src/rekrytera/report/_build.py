"""What the decision report says, independent of how it is rendered."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import attrs

from .._table import WORDS, number
from ..model import Perspective, Recruitment, Stage
from ..privacy._scrub import recruitment_scrubber
from ..privacy._views import resident_scrubber
from ..scoring import Result, effective_ratings
from ..scoring._aggregate import raters
from ._texts import TEXTS

__all__ = ["Report", "build"]

STAFF, RESIDENT = Perspective.STAFF, Perspective.RESIDENT


@attrs.frozen
class Row:
    """One candidate's line in the ranking."""

    id: str
    label: str
    rank: str
    total: float | None
    staff: float | None
    resident: float | None
    flags: str
    missing: str


@attrs.frozen
class Breakdown:
    """One candidate's competences by stage and perspective."""

    label: str
    rows: list[tuple[str, str, float | None, float | None, float | None]]
    stages: list[tuple[str, float | None]]


@attrs.frozen
class Report:
    """Everything the report shows, with the words in its language."""

    lang: str
    words: Mapping[str, str]
    title: str
    subtitle: list[tuple[str, str]]
    scale: tuple[int, int]
    #: The scale the totals lie on: the rating scale, or the method's own (Borda 0–1).
    total_scale: tuple[float, float]
    #: How the method computes a total, and what the independent ratings are.
    method_note: str
    #: Things about the whole panel the reader must know (no resident rates, …).
    remarks: list[str]
    stages: list[tuple[str, str]]
    requirements: list[tuple[str, str]]
    competences: list[tuple[str, str, str]]
    intro: str
    rows: list[Row]
    explanations: list[tuple[str, list[str]]]
    breakdowns: list[Breakdown]
    heat: list[tuple[str, list[float | None]]]  # competence label, value per ranked row
    agreement: list[str]
    decision: list[tuple[str, str]]
    #: Panelists' own orders: (panelist and role, "1. k2, 2. k1", comment).
    rankings: list[tuple[str, str, str]]
    #: The need (step 1): (what, text) in the file's order.
    need: list[tuple[str, str]]
    #: Suggestions (step 2): (panelist and role, what it concerns, text, outcome).
    suggestions: list[tuple[str, str, str, str]]
    notes: list[str]
    names_shown: bool

    def num(self, value: float | None) -> str:
        return number(value, self.lang)


#: How many of the candidates sharing a rank a tie explanation names.
TIE_NAMED = 5


def build(rec: Recruitment, result: Result, *, lang: str = "sv", names: bool = False) -> Report:
    """Assemble the report of *rec* scored as *result*.

    Personal identity numbers and contact details never appear; names only
    when *names* is true. The free texts it quotes (comments, the need,
    suggestions) are scrubbed to match: of identity values always, of names
    too unless *names*.
    """
    w = TEXTS[lang]
    profile = rec.profile
    scrub = (resident_scrubber(rec) if names else recruitment_scrubber(rec)).scrub

    def stage_label(stage: Stage) -> str:
        return w[f"stage_{stage.value}"]

    named = {c.id: c.identity.name for c in rec.candidates} if names else {}

    def label(candidate_id: str) -> str:
        name = named.get(candidate_id)
        return f"{candidate_id} – {name}" if name else candidate_id

    # Who shares each rank, looked up once: one pass, not one per tied candidate.
    sharing: dict[int | None, list[str]] = {}
    for o in result.ranking:
        sharing.setdefault(o.rank, []).append(o.id)

    requirement_labels = {r.key: r.label for r in profile.requirements}
    competence_labels = {c.key: c.label for c in profile.competences}

    def fmt(value: float | None) -> str:
        return number(value, lang)

    who_rated = raters(rec, effective_ratings(rec.ratings, result.phase))

    rows: list[Row] = []
    explanations: list[tuple[str, list[str]]] = []
    for c in result.candidates:
        sentences: list[str] = []
        if not c.eligible:
            missing = ", ".join(requirement_labels[k] for k in c.missing_requirements)
            sentences.append(w["ineligible"].format(missing=missing))
        if "tie" in c.flags:
            # A few by name; a long list in every one of a large tie would
            # grow with the square of it and help no reader.
            tied = sharing.get(c.rank, [])
            others = [label(o) for o in tied[: TIE_NAMED + 1] if o != c.id][:TIE_NAMED]
            more = len(tied) - 1 - len(others)
            listed = ", ".join(others)
            if more:
                listed = w["tie_more"].format(shown=listed, more=more)
            sentences.append(w["tie"].format(others=listed))
        if "divergent" in c.flags:
            staff, resident = c.perspectives[STAFF], c.perspectives[RESIDENT]
            assert staff is not None
            assert resident is not None
            sentences.append(
                w["divergent"].format(
                    diff=fmt(abs(resident - staff)), staff=fmt(staff), resident=fmt(resident)
                )
            )
        if "resident_missing" in c.flags:
            sentences.append(w["resident_missing"])
        if "single_rater" in c.flags:
            for perspective in (STAFF, RESIDENT):
                if len(who_rated.get(c.id, {}).get(perspective, ())) == 1:
                    who = w[f"single_{perspective.value}"]
                    sentences.append(w["single_rater"].format(who=who))
        if "approximate" in c.flags:
            sentences.append(w["approximate"])
        if "incomplete" in c.flags:
            gaps = [
                f"{competence_labels[k]} ({stage_label(stage)})"
                for stage, s in c.stages.items()
                for k, v in s.competences.items()
                if v.value is None
            ]
            sentences.append(w["incomplete"].format(missing=", ".join(gaps)))
        for flag in c.flags:
            declared = result.method_flags.get(flag)
            if declared is not None:
                sentences.append(declared.explanation_in(lang))
        rows.append(
            Row(
                id=c.id,
                label=label(c.id),
                rank=str(c.rank) if c.rank is not None else w["not_ranked"],
                total=c.total,
                staff=c.perspectives[STAFF],
                resident=c.perspectives[RESIDENT],
                flags=", ".join(
                    WORDS[lang].get(f) or result.flag_label(f, lang) or f for f in c.flags
                ),
                missing=", ".join(requirement_labels[k] for k in c.missing_requirements),
            )
        )
        if sentences:
            explanations.append((label(c.id), sentences))

    breakdowns = []
    for c in result.candidates:
        items = [
            (
                competence_labels[k],
                stage_label(stage),
                v.perspectives[STAFF],
                v.perspectives[RESIDENT],
                v.value,
            )
            for stage, s in c.stages.items()
            for k, v in s.competences.items()
        ]
        if items:
            breakdowns.append(
                Breakdown(
                    label=label(c.id),
                    rows=items,
                    stages=[(stage_label(stage), s.score) for stage, s in c.stages.items()],
                )
            )

    heat = []
    # A heat map of competences means something only where totals are scores.
    for competence in profile.competences if result.on_scale else ():
        values: list[float | None] = []
        for c in result.candidates:
            pairs = [
                (profile.stages[stage], s.competences[competence.key].value)
                for stage, s in c.stages.items()
                if competence.key in s.competences
            ]
            known = [(weight, v) for weight, v in pairs if v is not None]
            total_weight = sum(weight for weight, _ in known)
            values.append(
                sum(weight * v for weight, v in known) / total_weight if total_weight > 0 else None
            )
        heat.append((competence.label, values))

    alpha = result.agreement.alpha
    agreement = [
        w["alpha"].format(
            all=fmt(alpha["all"]), staff=fmt(alpha["staff"]), resident=fmt(alpha["resident"])
        ),
        w["alpha_ordinal"].format(
            **{name: fmt(v) for name, v in result.agreement.alpha_ordinal.items()}
        )
        if result.agreement.alpha_ordinal
        else "",
        w["alpha_basis"].format(
            **{
                name: w["rests_on"].format(items=items, raters=panelists)
                for name, (items, panelists) in result.agreement.alpha_basis.items()
            }
        )
        if result.agreement.alpha_basis
        else "",
        w["alpha_totals"].format(
            **{name: fmt(v) for name, v in result.agreement.alpha_totals.items()},
            **{
                f"basis_{name}": w["rests_on_candidates"].format(items=items, raters=panelists)
                for name, (items, panelists) in result.agreement.alpha_totals_basis.items()
            },
        )
        if result.agreement.alpha_totals and result.agreement.alpha_totals_basis
        else "",
        w["alpha_note"],
        w["tau"].format(tau=fmt(result.agreement.kendall_tau_b), n=result.agreement.tau_candidates),
    ]
    agreement = [sentence for sentence in agreement if sentence]
    drift = result.agreement.drift
    if drift is None:
        agreement.append(w["no_drift"])
    else:
        agreement.append(
            w["drift"].format(
                pairs=drift.pairs,
                changed=drift.changed,
                mean=number(drift.mean_change, lang, sign=True),
                staff=number(drift.by_perspective[STAFF][1], lang, sign=True),
                resident=number(drift.by_perspective[RESIDENT][1], lang, sign=True),
            )
        )

    decision: list[tuple[str, str]] = []
    if rec.decision is not None:
        decided_by = rec.panelist(rec.decision.decided_by).role
        decision = [
            (w["hired"], ", ".join(label(h) for h in rec.decision.hired) or w["none"]),
            (
                w["decided_by"],
                decided_by.label_sv if lang == "sv" else decided_by.value.replace("_", " "),
            ),
        ]
        if rec.decision.date is not None:
            decision.insert(0, ("", rec.decision.date.isoformat()))

    rankings = []
    for ranking in rec.rankings:
        role = rec.panelist(ranking.panelist).role
        role_label = role.label
        rankings.append(
            (
                f"{ranking.panelist} ({role_label})",
                ", ".join(f"{i}. {label(c)}" for i, c in enumerate(ranking.order, 1)),
                scrub(ranking.comment),
            )
        )

    return Report(
        lang=lang,
        words=w,
        title=rec.title,
        subtitle=[(w["recruitment"], rec.id), (w["organisation"], rec.info.organisation)],
        scale=(profile.scale.min, profile.scale.max),
        total_scale=result.total_range or (float(profile.scale.min), float(profile.scale.max)),
        method_note=" ".join(
            [w["method_note"].format(how=result.explain(lang)), w["independent_note"]]
        ),
        # The same words as the score table's: one text for each remark.
        remarks=[WORDS[lang][r] for r in result.remarks if r in WORDS[lang]]
        + (
            [WORDS[lang]["skipped_policies"].format(names=", ".join(result.skipped_policies))]
            if result.skipped_policies
            else []
        ),
        stages=[(stage_label(s), number(v, lang)) for s, v in profile.stages.items()],
        requirements=[(r.label, r.basis or "") for r in profile.requirements],
        competences=[
            (
                c.label,
                number(c.weight, lang),
                ", ".join(stage_label(s) for s in profile.stages_of(c)),
            )
            for c in profile.competences
        ],
        intro=w["ranking_intro"].format(method=result.method, phase=w[result.phase.value]),
        rows=rows,
        explanations=explanations,
        breakdowns=breakdowns,
        heat=heat,
        agreement=agreement,
        decision=decision,
        rankings=rankings,
        need=_need(rec, w, scrub),
        suggestions=_suggestions(rec, w, scrub),
        notes=list(result.notes),
        names_shown=names,
    )


def _need(
    rec: Recruitment, w: Mapping[str, str], scrub: Callable[[str], str]
) -> list[tuple[str, str]]:
    need = rec.need
    if need is None:
        return []
    found = [
        (w["need_why"], scrub(need.why)),
        (w["need_people"], scrub(need.people_need)),
        *((w["need_words"], f"”{scrub(words)}”") for words in need.in_their_words),
    ]
    if need.residents_take_part is not None:
        decision = w["need_residents_yes"] if need.residents_take_part else w["need_residents_no"]
        found.append((decision, scrub(need.residents_reason)))
    if need.decided_by is not None:
        role = rec.panelist(need.decided_by).role.label
        when = f", {need.date.isoformat()}" if need.date else ""
        found.append((w["need_decided"], f"{need.decided_by} ({role}){when}"))
    return [(k, v) for k, v in found if v]


def _suggestions(
    rec: Recruitment, w: Mapping[str, str], scrub: Callable[[str], str]
) -> list[tuple[str, str, str, str]]:
    competences = {c.key: c.label for c in rec.profile.competences}
    found = []
    for s in rec.suggestions:
        concerns = []
        if s.competence is not None:
            concerns.append(competences.get(s.competence, s.competence))
        if s.level is not None:
            concerns.append(w["anchor"].format(level=s.level))
        if s.question is not None:
            concerns.append(s.question)
        outcome = s.outcome.label + (f": {scrub(s.response)}" if s.response else "")
        found.append(
            (
                f"{s.by} ({rec.panelist(s.by).role.label})",
                ", ".join(concerns) or w[f"step_{s.step.value}"],
                scrub(s.text),
                outcome,
            )
        )
    return found
