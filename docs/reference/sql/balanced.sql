-- rekrytera: the `balanced` totals and ranks of every candidate, in plain SQL
-- over the Parquet dataset (layout version 1). It runs as it stands on DuckDB,
-- SQLite and Spark SQL, given the dataset's tables as `recruitments`,
-- `competences`, `candidates`, `panel` and `scores`.
--
-- It scores the independent phase. Set the resident weight in `params`.
-- The flags (tie, divergent, incomplete, ...) are left to rekrytera.
WITH params AS (
    SELECT CAST(0.5 AS DOUBLE) AS resident_weight
),
-- The scores that count: the independent ones, of panelists with a
-- perspective whom no declared conflict leaves out of the recruitment.
counted AS (
    SELECT s.recruitment, s.candidate, s.stage, s.competence, p.perspective, s.score
    FROM scores AS s
    JOIN panel AS p ON p.recruitment = s.recruitment AND p.panelist = s.panelist
    WHERE s.phase = 'independent' AND p.perspective IS NOT NULL AND NOT p.left_out
),
-- Step 1, m_P(c, s, k): each perspective's mean score of a candidate on a
-- competence at a stage.
perspective_means AS (
    SELECT recruitment, candidate, stage, competence, perspective, AVG(score) AS m
    FROM counted
    GROUP BY recruitment, candidate, stage, competence, perspective
),
-- Step 2, combined(c, s, k): the perspectives that scored it, weighted by
-- the resident weight (basis 'total'); beside it each perspective's own mean
-- (bases 'staff' and 'resident'), so that steps 3 and 4 make all three
-- totals at once.
weighted AS (
    SELECT m.*,
        CASE m.perspective WHEN 'resident' THEN q.resident_weight
            ELSE 1 - q.resident_weight END AS w
    FROM perspective_means AS m CROSS JOIN params AS q
),
items AS (
    SELECT recruitment, candidate, stage, competence, 'total' AS basis,
        SUM(w * m) / NULLIF(SUM(w), 0) AS value
    FROM weighted
    GROUP BY recruitment, candidate, stage, competence
    UNION ALL
    SELECT recruitment, candidate, stage, competence, perspective AS basis, m AS value
    FROM perspective_means
),
-- Step 3, S(c, s): the competence-weighted mean over the competences with
-- a value. Here and in steps 2 and 4, weights that add up to 0 give no
-- value (NULLIF), as in rekrytera: neither a division error nor a NaN.
stage_scores AS (
    SELECT i.recruitment, i.candidate, i.stage, i.basis,
        SUM(k.weight * i.value) / NULLIF(SUM(k.weight), 0) AS value
    FROM items AS i
    JOIN competences AS k ON k.recruitment = i.recruitment AND k.competence = i.competence
    WHERE i.value IS NOT NULL
    GROUP BY i.recruitment, i.candidate, i.stage, i.basis
),
-- Step 4, T(c): the stage-weighted mean over the stages with a score.
stage_weighted AS (
    SELECT s.recruitment, s.candidate, s.basis, s.value,
        CASE s.stage WHEN 'screening' THEN r.weight_screening
            WHEN 'interview' THEN r.weight_interview
            WHEN 'work_sample' THEN r.weight_work_sample END AS weight
    FROM stage_scores AS s
    JOIN recruitments AS r ON r.recruitment = s.recruitment
    WHERE s.value IS NOT NULL
),
totals AS (
    SELECT recruitment, candidate, basis, SUM(weight * value) / NULLIF(SUM(weight), 0) AS value
    FROM stage_weighted
    GROUP BY recruitment, candidate, basis
),
-- Every candidate, with or without scores, and the three totals side by side.
candidate_totals AS (
    SELECT c.recruitment, c.candidate, c.position, c.eligible,
        MAX(CASE t.basis WHEN 'total' THEN t.value END) AS total,
        MAX(CASE t.basis WHEN 'staff' THEN t.value END) AS staff,
        MAX(CASE t.basis WHEN 'resident' THEN t.value END) AS resident
    FROM candidates AS c
    LEFT JOIN totals AS t ON t.recruitment = c.recruitment AND t.candidate = c.candidate
    GROUP BY c.recruitment, c.candidate, c.position, c.eligible
),
-- Steps 6 and 7: eligible candidates with a total are ranked, best first;
-- totals equal to 9 decimals share a rank ("1224").
ranked AS (
    SELECT t.*,
        CASE WHEN t.eligible AND t.total IS NOT NULL THEN 1 ELSE 0 END AS rankable
    FROM candidate_totals AS t
)
SELECT recruitment, candidate, total, staff, resident,
    CASE rankable WHEN 1 THEN RANK() OVER (
        PARTITION BY recruitment, rankable ORDER BY ROUND(total, 9) DESC
    ) END AS ranking
FROM ranked
ORDER BY recruitment, position
