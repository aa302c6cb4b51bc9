"""``rekrytera.score``: options, eligibility, ranks, flags and agreement around a method."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .._declared import Option
from .._i18n import _
from .._results import (
    Agreement,
    CandidateResult,
    Flag,
    MethodResult,
    MethodScore,
    Remark,
    Result,
    ScoringContext,
)
from .._validate import enforce_policies
from ..exceptions import InvalidOption, RekryteraError, lookup
from ..model import Perspective, Phase, Recruitment, recused
from ..plugins import PluginError, Registered, Registry, ScoringMethod, default_registry
from ._aggregate import _PERSPECTIVES, effective_ratings, panelist_totals, raters
from ._agreement import (
    alpha_units,
    drift,
    kendall_tau_b,
    krippendorff_alpha_interval,
    krippendorff_alpha_ordinal,
    total_units,
)

__all__ = ["score"]

#: Totals are compared after rounding to this many decimals (the contract).
TIE_DECIMALS = 9
#: How far past the scale's ends an on-scale total may lie: rounding only.
SCALE_SLACK = 1e-9


def _number(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidOption(
            _("{name} must be a number, got {value!r}").format(name=name, value=value)
        )
    if not low <= value <= high:
        if high == math.inf:
            message = _("{name} must be {low:g} or more, got {value:g}")
        else:
            message = _("{name} must be between {low:g} and {high:g}, got {value:g}")
        raise InvalidOption(message.format(name=name, low=low, high=high, value=value))
    return float(value)


def score(
    recruitment: Recruitment,
    method: str = "balanced",
    *,
    resident_weight: float = 0.5,
    divergence: float = 1.0,
    phase: Phase | str = Phase.INDEPENDENT,
    options: Mapping[str, str] | None = None,
    registry: Registry | None = None,
    skip_policies: Iterable[str] = (),
    agreement: bool = True,
    breakdown: bool = True,
) -> Result:
    """Score and rank the candidates of *recruitment*.

    :param method: a registered scoring method (``rekrytera plugins`` lists them).
    :param resident_weight: how much the resident perspective counts, 0–1; the
        staff perspective counts ``1 - resident_weight``.
    :param divergence: flag a candidate ``divergent`` when the resident and
        staff totals differ by at least this many scale points.
    :param phase: ``independent`` (the sealed ratings) or ``calibrated`` (each
        panelist's calibrated rating where there is one, else the independent).
    :param options: options of the method's own, as strings.
    :param registry: the plugins to use; by default the built-ins and every
        installed plugin (loaded once per process).
    :param skip_policies: installed policies an administrator skips for this
        scoring (see :func:`rekrytera.enforce_policies`); the result names them.
    :param agreement: compute the agreement statistics (the default). With
        False they are skipped and ``Result.agreement`` is empty (no alpha,
        tau or drift), for callers that keep only ranks and totals: the
        SQLite store does, and writes about a third faster for it.
    :param breakdown: give each candidate's breakdown by stage and
        competence (``CandidateResult.stages``, the default). With False a
        method may leave it out (the built-in ones do); totals, ranks and
        flags are the same. The SQLite store keeps none of it.
    :raises rekrytera.exceptions.InvalidOption: for an unknown method or an option out of
        range (:class:`~rekrytera.exceptions.UnknownName` for an unknown method).
    :raises PluginError: when the method's plugin fails or returns the wrong thing.
    :raises rekrytera.exceptions.PolicyViolation: when the recruitment breaks an
        installed plugin's policy.
    """
    resident_weight = _number("resident_weight", resident_weight, 0.0, 1.0)
    divergence = _number("divergence", divergence, 0.0, math.inf)
    try:
        chosen_phase = Phase(phase)
    except ValueError:
        allowed = ", ".join(p.value for p in Phase)
        raise InvalidOption(
            _("phase must be one of {allowed}, got {phase!r}").format(allowed=allowed, phase=phase)
        ) from None
    registry = registry or default_registry()
    skipped = enforce_policies(recruitment, skip=skip_policies, registry=registry)
    methods = registry.methods()
    registered = lookup("scoring method", method, methods)
    options = _check_options(registered, options or {})

    missing = {
        c.id: tuple(r.key for r in recruitment.profile.requirements if r.key not in c.meets)
        for c in recruitment.candidates
    }
    eligible = frozenset(c for c, m in missing.items() if not m)
    # A declared conflict keeps a panelist out of the whole recruitment (by
    # default): their ratings do not count, and the result says so.
    barred = recused(recruitment)
    counted = effective_ratings(recruitment.ratings, chosen_phase)
    left_out = {r.candidate for r in counted if r.panelist in barred}
    context = ScoringContext(
        recruitment=recruitment,
        ratings=tuple(r for r in counted if r.panelist not in barred),
        resident_weight=resident_weight,
        phase=chosen_phase,
        eligible=eligible,
        options=options,
        breakdown=breakdown,
    )
    scores, returned = _run(registry, registered, context)
    who_rated = raters(recruitment, context.ratings)
    rating = {
        p.perspective for p in recruitment.panel if p.perspective is not None and p.id not in barred
    }

    # A method's groups come first, then the totals: (group, -total) orders them.
    placed = {
        c: (s.group, -round(s.total, TIE_DECIMALS))
        for c, s in scores.items()
        if c in eligible and s.total is not None
    }
    ordered = sorted(placed.values())
    results = []
    for candidate in recruitment.candidates:
        s = scores[candidate.id]
        flags: list[str] = []
        rank = None
        if candidate.id in placed:
            rank = 1 + ordered.index(placed[candidate.id])
            if ordered.count(placed[candidate.id]) > 1:
                flags.append(Flag.TIE)
        staff = s.perspectives.get(Perspective.STAFF)
        resident = s.perspectives.get(Perspective.RESIDENT)
        if (
            registered.obj.on_scale
            and staff is not None
            and resident is not None
            and round(abs(resident - staff), TIE_DECIMALS) >= divergence
        ):
            flags.append(Flag.DIVERGENT)
        if s.incomplete:
            flags.append(Flag.INCOMPLETE)
        if candidate.id in eligible and s.total is not None:
            who = who_rated.get(candidate.id, {})
            if Perspective.RESIDENT in rating and not who.get(Perspective.RESIDENT):
                flags.append(Flag.RESIDENT_MISSING)
            if any(len(who.get(p, ())) == 1 for p in _PERSPECTIVES):
                flags.append(Flag.SINGLE_RATER)
        if candidate.id in left_out:
            flags.append(Flag.CONFLICT_EXCLUDED)
        flags += [f for f in s.flags if f not in flags]
        results.append(
            CandidateResult(
                id=candidate.id,
                rank=rank,
                total=s.total,
                perspectives={p: s.perspectives.get(p) for p in _PERSPECTIVES},
                eligible=candidate.id in eligible,
                missing_requirements=missing[candidate.id],
                flags=tuple(str(f) for f in flags),
                stages=s.stages,
                group=s.group,
            )
        )

    def order(c: CandidateResult) -> tuple[int, float, str]:
        group = 0 if c.rank is not None else 1 if c.eligible else 2
        return (group, c.rank or 0, c.id)

    results.sort(key=order)
    remarks = [
        str(code)
        for code, perspective in (
            (Remark.NO_RESIDENT, Perspective.RESIDENT),
            (Remark.NO_STAFF, Perspective.STAFF),
        )
        if perspective not in rating
    ]
    if left_out:
        remarks.append(str(Remark.RECUSED_RATINGS))
    obj: Any = registered.obj
    explanation = getattr(obj, "explanation", None) or {"en": obj.description}
    scale = recruitment.profile.scale
    total_range = (
        (float(scale.min), float(scale.max))
        if obj.on_scale
        else returned.total_range or getattr(obj, "total_range", None) or _span(results)
    )
    return Result(
        method=method,
        resident_weight=resident_weight,
        divergence=divergence,
        phase=chosen_phase,
        candidates=tuple(results),
        agreement=(
            _agreement(recruitment, context, results)
            if agreement
            else Agreement(alpha={}, kendall_tau_b=None, drift=None)
        ),
        on_scale=obj.on_scale,
        notes=returned.notes,
        remarks=tuple(remarks),
        explanation=dict(explanation),
        total_range=total_range,
        orders=returned.orders,
        resident_weight_used=bool(getattr(obj, "uses_resident_weight", True))
        and not {Remark.NO_RESIDENT, Remark.NO_STAFF} & set(remarks),
        skipped_policies=skipped,
        method_flags={f.name: f for f in getattr(obj, "flags", ())},
    )


def _span(results: list[CandidateResult]) -> tuple[float, float] | None:
    totals = [c.total for c in results if c.total is not None]
    return (min(totals), max(totals)) if totals else None


def _check_options(
    registered: Registered[ScoringMethod], given: Mapping[str, str]
) -> dict[str, str]:
    """The options for the method: checked against what it declares, defaults filled in.

    Unknown options are refused when the method says which it takes; an
    :class:`~rekrytera.scoring.Option` also has its value checked.
    """
    allowed = getattr(registered.obj, "options", None)
    if allowed is None:
        return dict(given)
    names = [getattr(o, "name", o) for o in allowed]
    unknown = sorted(set(given) - set(names))
    if unknown:
        takes = (
            _("it takes {names}").format(names=", ".join(names)) if names else _("it takes none")
        )
        raise InvalidOption(
            _("method {method!r} has no option {unknown}; {takes}").format(
                method=registered.name, unknown=", ".join(map(repr, unknown)), takes=takes
            )
        )
    found = dict(given)
    for option in allowed:
        if not isinstance(option, Option):
            continue
        if option.name not in found:
            if option.default is not None:
                found[option.name] = option.default
            continue
        problem = option.problem(found[option.name])
        if problem:
            raise InvalidOption(
                _("method {method!r}, option {option!r}: {problem}").format(
                    method=registered.name, option=option.name, problem=problem
                )
            )
    return found


def _run(
    registry: Registry, registered: Registered[ScoringMethod], context: ScoringContext
) -> tuple[dict[str, MethodScore], MethodResult]:
    def where() -> str:
        return f"scoring method {registered.name!r} ({registry.describe(registered.plugin)})"

    try:
        returned: Any = registered.obj.score(context)
    except RekryteraError:
        raise
    except Exception as e:
        raise PluginError(f"{where()} failed: {type(e).__name__}: {e}") from e
    result = returned if isinstance(returned, MethodResult) else MethodResult(scores={})
    if isinstance(returned, MethodResult):
        returned = returned.scores
    if not isinstance(returned, Mapping):
        raise PluginError(f"{where()} returned {type(returned).__name__}, not a mapping of scores")
    ids = [c.id for c in context.recruitment.candidates]
    on_scale = bool(getattr(registered.obj, "on_scale", False))
    scale = context.recruitment.profile.scale
    low, high = float(scale.min), float(scale.max)
    absent = [c for c in ids if c not in returned]
    if absent:
        raise PluginError(f"{where()} returned no score for {', '.join(map(repr, absent))}")
    scores: dict[str, MethodScore] = {}
    for c in ids:
        s = returned[c]
        if not isinstance(s, MethodScore):
            raise PluginError(f"{where()} returned {s!r} for {c!r}, not a MethodScore")
        for value in (s.total, *s.perspectives.values()):
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise PluginError(f"{where()} returned {value!r} for {c!r}, not a finite number")
            if (
                value is not None
                and on_scale
                and not low - SCALE_SLACK <= value <= high + SCALE_SLACK
            ):
                raise PluginError(
                    f"{where()} returned {value!r} for {c!r}, outside the scale {scale}; a method "
                    "that says its totals are on the scale (on_scale) must keep them there"
                )
        _check_group_and_flags(s, c, registered.obj, where)
        scores[c] = s
    return scores, result


_BUILTIN_FLAGS = frozenset(Flag)


def _check_group_and_flags(s: MethodScore, c: str, obj: Any, where: Callable[[], str]) -> None:
    """A group needs a reason among the method's flags; declared flags are the only ones."""
    own = [f for f in s.flags if f not in _BUILTIN_FLAGS]
    if isinstance(s.group, bool) or not isinstance(s.group, int) or s.group < 0:
        raise PluginError(f"{where()} put {c!r} in group {s.group!r}, not a whole number >= 0")
    if s.group and not own:
        raise PluginError(
            f"{where()} put {c!r} in group {s.group} without a flag of its own saying why"
        )
    declared = getattr(obj, "flags", None)
    if declared is not None:
        names = {f.name for f in declared}
        undeclared = [f for f in own if f not in names]
        if undeclared:
            raise PluginError(
                f"{where()} gave {c!r} the flag {undeclared[0]!r}, which it does not declare "
                "in its flags"
            )


def _agreement(
    rec: Recruitment, context: ScoringContext, results: list[CandidateResult]
) -> Agreement:
    perspectives = {p.id: p.perspective for p in rec.panel}
    units, basis = alpha_units(context.ratings, perspectives)
    alpha = {name: krippendorff_alpha_interval(u) for name, u in units.items()}
    ordinal = {name: krippendorff_alpha_ordinal(u) for name, u in units.items()}
    pairs = [
        (c.perspectives[Perspective.STAFF], c.perspectives[Perspective.RESIDENT])
        for c in sorted(results, key=lambda c: c.id)
        if c.eligible
        and c.perspectives[Perspective.STAFF] is not None
        and c.perspectives[Perspective.RESIDENT] is not None
    ]
    tau = None
    if len(pairs) >= 2:
        # Totals are compared after rounding, as for ranks: totals equal on paper
        # but apart in the last bit of a float must count as tied.
        tau = kendall_tau_b(
            [round(s, TIE_DECIMALS) for s, _ in pairs],  # type: ignore[arg-type]
            [round(r, TIE_DECIMALS) for _, r in pairs],  # type: ignore[arg-type]
        )
    totals_units, totals_basis = total_units(panelist_totals(context), perspectives)
    return Agreement(
        alpha=alpha,
        kendall_tau_b=tau,
        drift=drift(rec),
        alpha_basis=basis,
        alpha_ordinal=ordinal,
        tau_candidates=len(pairs),
        alpha_totals={name: krippendorff_alpha_interval(u) for name, u in totals_units.items()},
        alpha_totals_basis=totals_basis,
    )
