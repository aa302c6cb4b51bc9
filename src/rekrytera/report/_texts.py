"""The words of the decision report, by key: the English here, the Swedish in the
message catalogue (``locale/sv/LC_MESSAGES/rekrytera.po``)."""

from __future__ import annotations

from .._i18n import N_, Texts

TEXTS = Texts(
    {
        "title": N_("Decision memo"),
        "post": N_("The post and its competence profile"),
        "organisation": N_("Organisation"),
        "recruitment": N_("Recruitment"),
        "scale": N_("Rating scale"),
        "stages": N_("Stages and weights"),
        "requirements": N_("Requirements"),
        "basis": N_("Basis"),
        "competences": N_("Competences"),
        "competence": N_("Competence"),
        "weight": N_("Weight"),
        "assessed_at": N_("Assessed at"),
        "ranking": N_("Ranking"),
        "ranking_intro": (
            N_(
                "The staff's and the residents' ratings are shown separately. Method: {method}, "
                "{phase}."
            )
        ),
        "rank": N_("Rank"),
        "candidate": N_("Candidate"),
        "total": N_("Combined"),
        "staff": N_("Staff"),
        "resident": N_("Residents"),
        "flags": N_("To note"),
        "missing": N_("Does not meet"),
        "not_ranked": N_("not ranked"),
        "explanations": N_("Explanations"),
        "tie": N_(
            "Shares the rank with {others}. There is no hidden tie-break: the panel decides."
        ),
        "tie_more": N_("{shown} and {more} more"),
        "divergent": (
            N_(
                "The staff's and the residents' ratings differ by {diff} points "
                "(staff {staff}, residents {resident}). Talk about the difference in the panel."
            )
        ),
        "incomplete": N_("Not every competence was rated: {missing}."),
        "resident_missing": (
            N_("No resident rated this candidate. The total rests on the staff's ratings alone.")
        ),
        "single_rater": N_("{who} rating rests on a single panelist. Read it with care."),
        "single_staff": N_("The staff's"),
        "single_resident": N_("The residents'"),
        "approximate": (
            N_("The place is approximate: the method could not show that the order is the best.")
        ),
        "ineligible": N_("Does not meet the requirement: {missing}. The candidate is not ranked."),
        "breakdown": N_("Ratings by competence"),
        "stage_score": N_("Stage score"),
        "agreement": N_("Panel agreement"),
        "alpha": N_(
            "Krippendorff's alpha (interval): all {all}, staff {staff}, residents {resident}."
        ),
        "alpha_ordinal": (
            N_(
                "Counting only the order of the scores, not their distances (ordinal alpha): all "
                "{all}, staff {staff}, residents {resident}. Higher than alpha above means the panel "
                "agrees more on what is better than on by how much."
            )
        ),
        "alpha_basis": (
            N_(
                "Alpha rests on the competences where at least two panelists scored the same "
                "candidate: all {all}, staff {staff}, residents {resident}."
            )
        ),
        "rests_on": N_("{items} ({raters} panelists)"),
        "alpha_totals": (
            N_(
                "Comparing instead each panelist's overall score for each candidate, alpha is: all "
                "{all}, staff {staff}, residents {resident}. This shows whether the panel agrees on "
                "who is stronger overall; alpha above, whether it agrees competence by competence. "
                "It rests on the candidates at least two panelists scored: all {basis_all}, staff "
                "{basis_staff}, residents {basis_resident}."
            )
        ),
        "rests_on_candidates": N_("{items} candidates ({raters} panelists)"),
        "alpha_note": N_(
            "1 means full agreement, 0 no more than chance; – means it cannot be computed."
        ),
        "tau": N_(
            "Kendall's tau-b between the staff and the resident orders of {n} candidates: {tau} (1 = same order, −1 = reversed)."
        ),
        "drift": (
            N_(
                "After the panel's discussion, {changed} of {pairs} compared ratings changed. On "
                "average the compared ratings moved {mean} points (staff {staff}, residents "
                "{resident})."
            )
        ),
        "no_drift": N_("No calibrated ratings: the ranking rests on the independent ratings."),
        "chart_totals": N_("Combined and by perspective"),
        "chart_heat": N_("Competences by candidate (combined)"),
        "decision": N_("Decision"),
        "own_rankings": N_("The panelists' own rankings"),
        "own_rankings_intro": N_(
            "This is how the panelists ranked the applicants themselves: "
            "their own order, beside the computed one above."
        ),
        "panelist": N_("Panelist"),
        "need": N_("The need"),
        "need_why": N_("Why the post is needed"),
        "need_people": N_("What the people the unit serves need"),
        "need_words": N_("In residents' own words"),
        "need_residents_yes": N_("Residents take part"),
        "need_residents_no": N_("Residents do not take part"),
        "need_decided": N_("Decided by"),
        "suggestions": N_("What the residents suggested"),
        "suggestions_intro": N_(
            "Suggestions from the panel, mostly from residents, for the profile, the questions "
            "and the ad, and what became of them."
        ),
        "concerns": N_("Concerns"),
        "suggestion": N_("Suggestion"),
        "outcome": N_("Outcome"),
        "anchor": N_("level {level}"),
        "step_need": N_("the need"),
        "step_profile": N_("the competence profile"),
        "step_ad": N_("the job ad"),
        "step_screening": N_("the screening"),
        "step_interview": N_("the interview"),
        "step_work_sample": N_("the work sample"),
        "step_decision": N_("the decision"),
        "order": N_("Order"),
        "comment": N_("Comment"),
        "table": N_("Table"),
        "hired": N_("Hired"),
        "decided_by": N_("Decided by"),
        "method_note": N_("How it is computed: {how}"),
        "independent_note": N_("The independent ratings were made before the panel talked."),
        "independent": N_("independent ratings"),
        "calibrated": N_("calibrated ratings"),
        "none": N_("–"),
        "names_hidden": N_("Candidates are shown by id; names only on request."),
        "stage_screening": N_("screening"),
        "stage_interview": N_("interview"),
        "stage_work_sample": N_("work sample"),
        "notes": N_("Notes"),
    }
)
