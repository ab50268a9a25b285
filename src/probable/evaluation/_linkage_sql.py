"""The SQL behind `linkage_metrics`, kept apart so the module reads as Python.

Every query runs on a connection holding `lab` (made by `LABELS_SQL` from the
registered `labels` table) and the caller's `pairs` or `clusters`. Each record
id is a string; a record's scored source is NULL unless the caller asked for
link-only scoring.
"""

from __future__ import annotations

#: `lab`: one row per labelled record, numbered (`k`) so that pairs join and
#: group on integers rather than on id strings. `{source}` is the source
#: expression: the `source` column for link-only scoring, else NULL.
LABELS_SQL = """
CREATE TEMP TABLE lab AS
SELECT row_number() OVER () AS k, CAST(record_id AS VARCHAR) AS record_id,
       CAST(label AS VARCHAR) AS label, {source} AS source
FROM labels
"""

#: Pairs of records sharing a label, counted from label sizes: per label
#: n(n-1)/2, less m(m-1)/2 for each known source holding m of its records.
TRUE_PAIRS_SQL = """
WITH by_source AS (
    SELECT label, source, count(*) AS m FROM lab WHERE label IS NOT NULL GROUP BY ALL),
by_label AS (
    SELECT label, sum(m) AS n,
           sum(CASE WHEN source IS NOT NULL THEN m * (m - 1) // 2 ELSE 0 END) AS within
    FROM by_source GROUP BY label)
SELECT coalesce(sum(n * (n - 1) // 2 - within), 0)::BIGINT FROM by_label
"""

#: Each distinct scored pair's highest probability and whether it is a true pair;
#: $1 is the lowest threshold. Pairs below it are dropped first (a pair is predicted
#: at a threshold when any of its rows reaches it), and so are pairs within one
#: source when `lab` holds sources. Pairs of two labelled records are deduplicated
#: on their numbers, the rest (never a true pair) on their ids.
SCORED_PAIRS_SQL = """
WITH given AS (
    SELECT la.k AS ka, lb.k AS kb, l, r, p, coalesce(la.label = lb.label, false) AS same
    FROM (SELECT CAST(record_id_l AS VARCHAR) AS l, CAST(record_id_r AS VARCHAR) AS r,
                 CAST(match_probability AS DOUBLE) AS p FROM pairs) s
    LEFT JOIN lab la ON la.record_id = s.l
    LEFT JOIN lab lb ON lb.record_id = s.r
    WHERE l <> r AND p >= $1 AND NOT isnan(p) AND NOT coalesce(la.source = lb.source, false))
SELECT max(p) AS p, any_value(same) AS same
FROM given WHERE ka IS NOT NULL AND kb IS NOT NULL
GROUP BY least(ka, kb), greatest(ka, kb)
UNION ALL
SELECT max(p), false FROM given WHERE ka IS NULL OR kb IS NULL
GROUP BY least(l, r), greatest(l, r)
"""


#: Cells of the contingency table: records per (cluster i, entity j, source s), where
#: a record without a cluster, label or scored source gets a key of its own (the
#: *1 columns). Without link_only no source is scored, so every cell is one record.
#: Each cell's records pair with n_ij - n others in both cluster and entity (TP),
#: n_i - n_is in the cluster from other sources (predicted), n_j - n_js in the entity.
CLUSTER_SQL = """
WITH recs AS (
    SELECT coalesce(CAST(c.record_id AS VARCHAR), l.record_id) AS rid,
           CAST(c.cluster_id AS VARCHAR) AS ci, l.label AS ej, l.source AS sk
    FROM clusters c FULL OUTER JOIN lab l ON CAST(c.record_id AS VARCHAR) = l.record_id),
cells AS (
    SELECT ci, CASE WHEN ci IS NULL THEN rid END AS ci1,
           ej, CASE WHEN ej IS NULL THEN rid END AS ej1,
           sk, CASE WHEN sk IS NULL THEN rid END AS sk1, count(*) AS n
    FROM recs GROUP BY ALL),
sized AS (
    SELECT *, sum(n) OVER (PARTITION BY ci, ci1, ej, ej1) AS n_ij,
           sum(n) OVER (PARTITION BY ci, ci1) AS n_i,
           sum(n) OVER (PARTITION BY ci, ci1, sk, sk1) AS n_is,
           sum(n) OVER (PARTITION BY ej, ej1) AS n_j,
           sum(n) OVER (PARTITION BY ej, ej1, sk, sk1) AS n_js,
           CASE WHEN $1 THEN n ELSE 0 END AS own_ij,
           CASE WHEN $1 THEN n_is ELSE 0 END AS own_i,
           CASE WHEN $1 THEN n_js ELSE 0 END AS own_j
    FROM cells),
terms AS (
    SELECT ci, ci1, ej, ej1, n, n * (n_ij - n) AS tp2, n * (n_i - n_is) AS pred2,
           n * (n_j - n_js) AS true2, n_ij = n_i AND n_ij = n_j AS exact,
           n * CASE WHEN n_i = own_i THEN 1.0 ELSE (n_ij - own_ij) / (n_i - own_i) END AS bp,
           n * CASE WHEN n_j = own_j THEN 1.0 ELSE (n_ij - own_ij) / (n_j - own_j) END AS br
    FROM sized),
per_cluster AS (
    SELECT sum(pred2) > sum(tp2) AS merged FROM terms GROUP BY ci, ci1),
per_entity AS (
    SELECT sum(true2) > sum(tp2) AS split, bool_or(exact) AS exact
    FROM terms GROUP BY ej, ej1)
SELECT coalesce(sum(n), 0)::BIGINT, (SELECT count(*) FROM per_cluster),
       (SELECT count(*) FROM per_entity),
       coalesce(sum(pred2) // 2, 0)::BIGINT, coalesce(sum(true2) // 2, 0)::BIGINT,
       coalesce(sum(tp2) // 2, 0)::BIGINT,
       (SELECT count(*) FILTER (WHERE exact) FROM per_entity),
       (SELECT count(*) FILTER (WHERE merged) FROM per_cluster),
       (SELECT count(*) FILTER (WHERE split) FROM per_entity),
       coalesce(sum(bp), 0)::DOUBLE, coalesce(sum(br), 0)::DOUBLE
FROM terms
"""
