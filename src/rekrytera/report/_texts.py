"""The words of the decision report, in Swedish and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Beslutsunderlag",
        "post": "Tjänsten och kravprofilen",
        "organisation": "Organisation",
        "recruitment": "Rekrytering",
        "scale": "Bedömningsskala",
        "stages": "Steg och vikter",
        "requirements": "Ska-krav",
        "basis": "Grund",
        "competences": "Kompetenser",
        "competence": "Kompetens",
        "weight": "Vikt",
        "assessed_at": "Bedöms vid",
        "ranking": "Rangordning",
        "ranking_intro": (
            "Personalens och invånarnas bedömningar visas var för sig. Metod: {method}, {phase}."
        ),
        "rank": "Rang",
        "candidate": "Kandidat",
        "total": "Sammanvägt",
        "staff": "Personal",
        "resident": "Invånare",
        "flags": "Att uppmärksamma",
        "missing": "Uppfyller inte",
        "not_ranked": "rangordnas inte",
        "explanations": "Förklaringar",
        "tie": "Delar placering med {others}. Ingen dold särskiljning görs – panelen avgör.",
        "tie_more": "{shown} och {more} till",
        "divergent": (
            "Personalens och invånarnas bedömningar skiljer sig med {diff} poäng "
            "(personal {staff}, invånare {resident}). Diskutera skillnaden i panelen."
        ),
        "incomplete": "Alla kompetenser är inte bedömda: {missing}.",
        "resident_missing": (
            "Ingen invånare har bedömt kandidaten. Det sammanvägda bygger bara på "
            "personalens bedömningar."
        ),
        "single_rater": "{who} bedömning bygger på en enda bedömare. Läs den med försiktighet.",
        "single_staff": "Personalens",
        "single_resident": "Invånarnas",
        "approximate": (
            "Placeringen är ungefärlig: metoden kunde inte visa att ordningen är den bästa."
        ),
        "ineligible": "Uppfyller inte ska-kravet: {missing}. Kandidaten rangordnas inte.",
        "breakdown": "Bedömning per kompetens",
        "stage_score": "Stegets poäng",
        "agreement": "Samstämmighet i panelen",
        "alpha": "Krippendorffs alfa (intervall): alla {all}, personal {staff}, invånare {resident}.",
        "alpha_ordinal": (
            "Räknas bara ordningen mellan poängen, inte avstånden (ordinal alfa): alla {all}, "
            "personal {staff}, invånare {resident}. Är den högre än alfa ovan är panelen mer "
            "överens om vad som är bättre än om hur mycket."
        ),
        "alpha_basis": (
            "Alfa bygger på de kompetenser där minst två bedömare gett samma kandidat poäng: "
            "alla {all}, personal {staff}, invånare {resident}."
        ),
        "rests_on": "{items} ({raters} bedömare)",
        "alpha_totals": (
            "Jämför man i stället varje bedömares samlade poäng för varje kandidat är alfa: alla "
            "{all}, personal {staff}, invånare {resident}. Det visar om panelen är överens om vem "
            "som är starkast totalt, alfa ovan om den är överens kompetens för kompetens. Det "
            "bygger på de kandidater som minst två bedömare har gett poäng: alla {basis_all}, "
            "personal {basis_staff}, invånare {basis_resident}."
        ),
        "rests_on_candidates": "{items} kandidater ({raters} bedömare)",
        "alpha_note": "1 betyder full samstämmighet, 0 inte mer än slumpen; – betyder att det inte går att beräkna.",
        "tau": "Kendalls tau-b mellan personalens och invånarnas ordning av {n} kandidater: {tau} (1 = samma ordning, −1 = omvänd).",
        "drift": (
            "Efter panelens samtal ändrades {changed} av {pairs} jämförda bedömningar. I "
            "genomsnitt ändrades de jämförda bedömningarna {mean} poäng (personal {staff}, "
            "invånare {resident})."
        ),
        "no_drift": "Inga kalibrerade bedömningar: rangordningen bygger på de oberoende bedömningarna.",
        "chart_totals": "Sammanvägt och per perspektiv",
        "chart_heat": "Kompetenser per kandidat (sammanvägt)",
        "decision": "Beslut",
        "own_rankings": "Bedömarnas egna rangordningar",
        "own_rankings_intro": "Så här rangordnade bedömarna de sökande själva. Det är deras "
        "egen ordning, bredvid den uträknade ovan.",
        "panelist": "Bedömare",
        "order": "Ordning",
        "comment": "Kommentar",
        "table": "Tabell",
        "hired": "Anställd",
        "decided_by": "Beslutat av",
        "method_note": "Så räknas det: {how}",
        "independent_note": (
            "De oberoende bedömningarna är gjorda innan panelen talat med varandra."
        ),
        "independent": "oberoende bedömningar",
        "calibrated": "kalibrerade bedömningar",
        "none": "–",
        "names_hidden": "Kandidaterna visas med id; namn visas bara på begäran.",
        "stage_screening": "urval",
        "stage_interview": "intervju",
        "stage_work_sample": "arbetsprov",
        "notes": "Anmärkningar",
    },
    "en": {
        "title": "Decision memo",
        "post": "The post and its competence profile",
        "organisation": "Organisation",
        "recruitment": "Recruitment",
        "scale": "Rating scale",
        "stages": "Stages and weights",
        "requirements": "Requirements",
        "basis": "Basis",
        "competences": "Competences",
        "competence": "Competence",
        "weight": "Weight",
        "assessed_at": "Assessed at",
        "ranking": "Ranking",
        "ranking_intro": (
            "The staff's and the residents' ratings are shown separately. Method: {method}, "
            "{phase}."
        ),
        "rank": "Rank",
        "candidate": "Candidate",
        "total": "Combined",
        "staff": "Staff",
        "resident": "Residents",
        "flags": "To note",
        "missing": "Does not meet",
        "not_ranked": "not ranked",
        "explanations": "Explanations",
        "tie": "Shares the rank with {others}. There is no hidden tie-break: the panel decides.",
        "tie_more": "{shown} and {more} more",
        "divergent": (
            "The staff's and the residents' ratings differ by {diff} points "
            "(staff {staff}, residents {resident}). Talk about the difference in the panel."
        ),
        "incomplete": "Not every competence was rated: {missing}.",
        "resident_missing": (
            "No resident rated this candidate. The total rests on the staff's ratings alone."
        ),
        "single_rater": "{who} rating rests on a single panelist. Read it with care.",
        "single_staff": "The staff's",
        "single_resident": "The residents'",
        "approximate": (
            "The place is approximate: the method could not show that the order is the best."
        ),
        "ineligible": "Does not meet the requirement: {missing}. The candidate is not ranked.",
        "breakdown": "Ratings by competence",
        "stage_score": "Stage score",
        "agreement": "Panel agreement",
        "alpha": "Krippendorff's alpha (interval): all {all}, staff {staff}, residents {resident}.",
        "alpha_ordinal": (
            "Counting only the order of the scores, not their distances (ordinal alpha): all "
            "{all}, staff {staff}, residents {resident}. Higher than alpha above means the panel "
            "agrees more on what is better than on by how much."
        ),
        "alpha_basis": (
            "Alpha rests on the competences where at least two panelists scored the same "
            "candidate: all {all}, staff {staff}, residents {resident}."
        ),
        "rests_on": "{items} ({raters} panelists)",
        "alpha_totals": (
            "Comparing instead each panelist's overall score for each candidate, alpha is: all "
            "{all}, staff {staff}, residents {resident}. This shows whether the panel agrees on "
            "who is stronger overall; alpha above, whether it agrees competence by competence. "
            "It rests on the candidates at least two panelists scored: all {basis_all}, staff "
            "{basis_staff}, residents {basis_resident}."
        ),
        "rests_on_candidates": "{items} candidates ({raters} panelists)",
        "alpha_note": "1 means full agreement, 0 no more than chance; – means it cannot be computed.",
        "tau": "Kendall's tau-b between the staff and the resident orders of {n} candidates: {tau} (1 = same order, −1 = reversed).",
        "drift": (
            "After the panel's discussion, {changed} of {pairs} compared ratings changed. On "
            "average the compared ratings moved {mean} points (staff {staff}, residents "
            "{resident})."
        ),
        "no_drift": "No calibrated ratings: the ranking rests on the independent ratings.",
        "chart_totals": "Combined and by perspective",
        "chart_heat": "Competences by candidate (combined)",
        "decision": "Decision",
        "own_rankings": "The panelists' own rankings",
        "own_rankings_intro": "This is how the panelists ranked the applicants themselves: "
        "their own order, beside the computed one above.",
        "panelist": "Panelist",
        "order": "Order",
        "comment": "Comment",
        "table": "Table",
        "hired": "Hired",
        "decided_by": "Decided by",
        "method_note": "How it is computed: {how}",
        "independent_note": "The independent ratings were made before the panel talked.",
        "independent": "independent ratings",
        "calibrated": "calibrated ratings",
        "none": "–",
        "names_hidden": "Candidates are shown by id; names only on request.",
        "stage_screening": "screening",
        "stage_interview": "interview",
        "stage_work_sample": "work sample",
        "notes": "Notes",
    },
}
