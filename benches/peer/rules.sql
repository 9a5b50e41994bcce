-- The rules of SPEC §6 (H02, R01–R35) over the seven CSV exports, written
-- once in SQL for DuckDB: the peer `rtb-recon run` is measured against
-- (issue 13). It is written from the SPEC, not from the Rust code, so a
-- mismatch between the two is a finding about one of them.
--
-- What it leaves out, on purpose: quarantine (a clean delivery is assumed, so
-- H01 never fires), drafts, wording (no explanation column), identity
-- findings. Values are normalised as SPEC §3.1 allows (trimmed, any case,
-- `DD-MM-YYYY` dates, `ja/nee`-style booleans, `licht`/`zwaar`).
--
-- peer.py replaces the placeholders {input}, {out}, {as_of},
-- {rtb_valid_until} and {ukraine_return_possible} before running it.

-- ---- parsing (SPEC §3.1) ---------------------------------------------------
CREATE MACRO txt(x) AS nullif(trim(x), '');
CREATE MACRO word(x) AS lower(nullif(trim(x), ''));
CREATE MACRO code(x) AS upper(nullif(trim(x), ''));
CREATE MACRO day(x) AS
    CAST(try_strptime(nullif(trim(x), ''), ['%Y-%m-%d', '%d-%m-%Y']) AS DATE);
CREATE MACRO flag(x) AS CASE
    WHEN lower(trim(x)) IN ('true', 'yes', 'ja', 'j', '1') THEN true
    WHEN lower(trim(x)) IN ('false', 'no', 'nee', 'n', '0') THEN false
END;
CREATE MACRO severity(x) AS CASE word(x)
    WHEN 'licht' THEN 'light' WHEN 'zwaar' THEN 'heavy' ELSE word(x) END;
CREATE MACRO eu3(x) AS x IN ('AUT', 'BEL', 'BGR', 'HRV', 'CYP', 'CZE', 'DNK',
    'EST', 'FIN', 'FRA', 'DEU', 'GRC', 'HUN', 'IRL', 'ITA', 'LVA', 'LTU', 'LUX',
    'MLT', 'NLD', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'ESP', 'SWE');
-- A row's position in its file (file order decides the identity, §3.2).
CREATE MACRO src(name) AS TABLE
    SELECT *, row_number() OVER () AS line
    FROM read_csv('{input}/' || name || '.csv', header = true, all_varchar = true);

CREATE TEMP TABLE holders AS SELECT
    txt(v_number) AS v, code(nationality) AS nationality,
    code(second_nationality) AS second_nationality, word(category) AS category,
    word(status) AS status, day(status_date) AS status_date,
    word(status_ground) AS status_ground,
    coalesce(word(public_order_indication), 'none') AS poi,
    coalesce(word(return_obstacle), 'unknown') AS obstacle,
    code(third_country_permit) AS third_country_permit
FROM src('rtb_holders');

CREATE TEMP TABLE bans AS SELECT
    txt(ban_id) AS id, txt(v_number) AS v, code(nationality) AS nationality, line,
    severity(severity) AS severity, day(decision_date) AS decision_date,
    day(in_force_date) AS in_force_date,
    CAST(txt(duration_years) AS INTEGER) AS duration_years, word(ground) AS ground,
    flag(final) AS final, word(status) AS status, word(lifted_reason) AS lifted_reason,
    day(lifted_until) AS lifted_until, txt(sis_alert_id) AS alert
FROM src('entry_bans');

CREATE TEMP TABLE ovrs AS SELECT
    txt(ovr_id) AS id, txt(v_number) AS v, code(nationality) AS nationality, line,
    day(decision_date) AS decision_date, word(ground) AS ground, flag(final) AS final,
    word(status) AS status, word(lifted_reason) AS lifted_reason,
    txt(sis_alert_id) AS alert
FROM src('exclusion_orders');

CREATE TEMP TABLE tkbs AS SELECT
    txt(tkb_id) AS id, txt(v_number) AS v, code(nationality) AS nationality, line,
    day(decision_date) AS decision_date, flag(final) AS final, word(status) AS status,
    word(suspension_reason) AS suspension_reason,
    day(suspended_until) AS suspended_until, txt(sis_alert_id) AS alert
FROM src('return_decisions');

CREATE TEMP TABLE hits AS SELECT
    txt(hit_id) AS id, txt(v_number) AS v, code(nationality) AS nationality, line,
    txt(alert_id) AS alert, word(alert_kind) AS alert_kind,
    code(issuing_state) AS issuing_state, day(hit_date) AS hit_date,
    flag(admitted) AS admitted
FROM src('sis_hits');

CREATE TEMP TABLE apps AS SELECT
    txt(application_id) AS id, txt(v_number) AS v, code(nationality) AS nationality,
    line, word(kind) AS kind, coalesce(code(filed_from), 'NL') AS filed_from,
    word(decision) AS decision, day(decision_date) AS decision_date,
    word(rejection_ground) AS rejection_ground,
    flag(lift_conditions_met) AS lift_met, word(target_kind) AS target_kind,
    txt(target_id) AS target_id, flag(art_6_6_purpose) AS art_6_6
FROM src('applications');

CREATE TEMP TABLE bts AS SELECT
    txt(bts_id) AS id, txt(v_number) AS v, code(nationality) AS nationality, line,
    day(decision_date) AS decision_date, flag(final) AS final, word(status) AS status,
    txt(sis_alert_id) AS alert
FROM src('alert_decisions');

-- ---- derived facts (SPEC §4), one row per person ----------------------------
CREATE TEMP TABLE facts AS
WITH
everyone AS (
    SELECT v FROM holders UNION SELECT v FROM bans UNION SELECT v FROM ovrs
    UNION SELECT v FROM tkbs UNION SELECT v FROM hits UNION SELECT v FROM apps
    UNION SELECT v FROM bts
),
-- Nationality of a person without an RTB record: the first non-empty value
-- in the order applications, entry_bans, exclusion_orders,
-- return_decisions, sis_hits, alert_decisions, then line order.
other_nationality AS (
    SELECT v, arg_min(nationality, (file, line)) AS nationality FROM (
        SELECT v, nationality, 1 AS file, line FROM apps
        UNION ALL SELECT v, nationality, 2, line FROM bans
        UNION ALL SELECT v, nationality, 3, line FROM ovrs
        UNION ALL SELECT v, nationality, 4, line FROM tkbs
        UNION ALL SELECT v, nationality, 5, line FROM hits
        UNION ALL SELECT v, nationality, 6, line FROM bts
    ) WHERE nationality IS NOT NULL GROUP BY v
),
app_flags AS (
    SELECT v,
        bool_or(kind = 'regular' AND decision = 'granted') AS regular_granted,
        bool_or(kind = 'regular' AND decision = 'pending') AS regular_pending,
        bool_or(kind = 'asylum' AND decision = 'pending') AS asylum_pending,
        -- granted_after(m) is `last_regular_grant >= m.decision_date`.
        max(decision_date) FILTER (kind = 'regular' AND decision = 'granted')
            AS last_regular_grant,
        max(decision_date) FILTER (kind = 'regular' AND decision = 'granted' AND art_6_6)
            AS last_6_6_grant
    FROM apps GROUP BY v
),
-- Public-order events: kind 1 refusal, 2 asylum rejection, 3 ending,
-- 4 withdrawal (on a tie of dates the higher kind is the latest event).
events AS (
    SELECT v, status_date AS date,
        CASE status WHEN 'refused' THEN 1 WHEN 'ended' THEN 3 ELSE 4 END AS kind
    FROM holders
    WHERE status IN ('withdrawn', 'ended', 'refused')
      AND status_ground IN ('public_order', 'national_security', 'article_1f')
    UNION ALL
    SELECT a.v, a.decision_date, 2
    FROM apps a LEFT JOIN holders h USING (v)
    WHERE a.kind = 'asylum' AND a.decision = 'rejected'
      AND a.rejection_ground IN ('public_order', 'national_security')
      AND a.decision_date IS NOT NULL
      AND (h.v IS NULL OR a.decision_date >= h.status_date)
),
latest AS (
    SELECT v, max(date) AS event_date, arg_max(kind, (date, kind)) AS event_kind
    FROM events GROUP BY v
),
base AS (
    SELECT e.v, h.v IS NOT NULL AS has_holder, h.category, h.status, h.status_date,
        h.poi, h.second_nationality, h.third_country_permit,
        coalesce(h.obstacle, 'unknown') AS obstacle,
        CASE WHEN h.v IS NOT NULL THEN h.nationality ELSE o.nationality END AS nationality,
        CASE WHEN h.category = 'temporary_resident_ua'
            THEN least(DATE '{rtb_valid_until}', DATE '2024-03-04')
            ELSE DATE '{rtb_valid_until}' END AS tp_end,
        coalesce(f.regular_granted, false) AS regular_granted,
        coalesce(f.regular_pending, false) AS regular_pending,
        coalesce(f.asylum_pending, false) AS asylum_pending,
        f.last_regular_grant, f.last_6_6_grant,
        l.event_date, l.event_kind
    FROM everyone e
    LEFT JOIN holders h USING (v)
    LEFT JOIN other_nationality o USING (v)
    LEFT JOIN app_flags f USING (v)
    LEFT JOIN latest l USING (v)
),
derived AS (
    SELECT *,
        coalesce(status = 'granted' AND DATE '{as_of}' <= tp_end, false) AS tp_in_force,
        coalesce(status = 'claimed' AND DATE '{as_of}' <= tp_end, false) AS claim_active,
        coalesce(poi <> 'none', false) AS po,
        coalesce(eu3(nationality), false) OR coalesce(eu3(second_nationality), false)
            AS eu_national,
        coalesce(nationality = 'UKR', false) AS ukrainian,
        event_date IS NOT NULL AS e,
        event_date IS NOT NULL AND (
            EXISTS (SELECT 1 FROM bans b WHERE b.v = base.v AND b.severity = 'heavy'
                    AND b.decision_date >= base.event_date)
            OR EXISTS (SELECT 1 FROM bts s WHERE s.v = base.v
                    AND s.decision_date >= base.event_date)
        ) AS followed_up
    FROM base
)
SELECT *,
    tp_in_force OR claim_active AS rtb_active,
    e AND NOT (tp_in_force OR claim_active) AND NOT followed_up AND NOT asylum_pending
        AND NOT regular_granted AND NOT eu_national AS measures_due,
    third_country_permit IS NOT NULL OR (obstacle <> 'yes' AND (
        (ukrainian AND {ukraine_return_possible} AND coalesce(event_kind, 0) <> 2)
        OR (NOT ukrainian AND obstacle = 'no'))) AS return_possible
FROM derived;

-- Per person: what the person-level rules read of the measures.
CREATE TEMP TABLE measure_facts AS
SELECT f.v,
    EXISTS (SELECT 1 FROM bans b WHERE b.v = f.v AND b.severity = 'heavy'
            AND b.status IN ('active', 'temporarily_lifted')) AS live_heavy_ban,
    EXISTS (SELECT 1 FROM bans b WHERE b.v = f.v
            AND b.status IN ('active', 'temporarily_lifted')) AS live_ban,
    EXISTS (SELECT 1 FROM ovrs o WHERE o.v = f.v AND o.status = 'active') AS live_ovr,
    EXISTS (SELECT 1 FROM tkbs t WHERE t.v = f.v
            AND t.status IN ('active', 'suspended')) AS live_tkb,
    EXISTS (SELECT 1 FROM bts s WHERE s.v = f.v AND s.status = 'active') AS live_bts,
    EXISTS (SELECT 1 FROM bans b WHERE b.v = f.v AND b.final
            AND b.status IN ('active', 'temporarily_lifted'))
    OR EXISTS (SELECT 1 FROM ovrs o WHERE o.v = f.v AND o.final AND o.status = 'active')
    OR EXISTS (SELECT 1 FROM tkbs t WHERE t.v = f.v AND t.final
            AND t.status IN ('active', 'suspended'))
    OR EXISTS (SELECT 1 FROM bts s WHERE s.v = f.v AND s.final AND s.status = 'active')
        AS live_final
FROM facts f;

-- ---- the rules (SPEC §6) ----------------------------------------------------
-- HOLD: H02 (H01 needs quarantine, which the peer does not do).
CREATE TEMP TABLE held AS
SELECT v FROM facts WHERE status IN ('claimed', 'granted') AND eu_national;

-- Each rule's action code (SPEC §6); the groups below insert rule ids.
CREATE TEMP TABLE codes (rule VARCHAR, action VARCHAR);
INSERT INTO codes VALUES
    ('H02', 'REVIEW_EU_NATIONAL'),
    ('R01', 'EXPIRE_IRV'), ('R02', 'LIFT_IRV_NOT_IN_FORCE'),
    ('R03', 'TEMP_LIFT_HEAVY_IRV'), ('R04', 'LIFT_LIGHT_IRV_REGULAR'),
    ('R05', 'LIFT_LIGHT_IRV'), ('R06', 'UPDATE_TEMP_LIFT_END'),
    ('R07', 'END_TEMP_LIFT_IRV'), ('R08', 'ASSESS_LIFT_HEAVY_IRV'),
    ('R09', 'LIFT_OVR'), ('R10', 'ASSESS_OVR_LIFT_REGULAR'),
    ('R11', 'SUSPEND_TKB'), ('R12', 'UPDATE_SUSPENSION_END'), ('R13', 'RESUME_TKB'),
    ('R14', 'HIT_ON_HOLD'), ('R15', 'DELETE_STALE_ALERT'),
    ('R16', 'CONSULT_ISSUING_STATE'), ('R17', 'MAINTAIN_ALERT'),
    ('R18', 'HIT_COVERED'), ('R19', 'HIT_NO_ACTION'),
    ('R20', 'REFER_TO_SUA'), ('R21', 'REJECT_LIFT_REQUEST'),
    ('R22', 'GRANT_LIFT_REQUEST'), ('R23', 'ASSESS_LIFT_REQUEST'),
    ('R24', 'ASSESS_PO_REGULAR'), ('R25', 'ASSESS_ASYLUM_PO'),
    ('R26', 'ASSESS_PO_REFUSAL'), ('R27', 'END_TP_TCN_TEMPORARY'),
    ('R28', 'REASSESS_PO_AFTER_TP'), ('R29', 'ASSESS_RTB_ELIGIBILITY'),
    ('R30', 'ASSESS_TP_WITHDRAWAL'),
    ('R31', 'ASSESS_KEEP_MEASURES'), ('R32', 'IMPOSE_TKB_IRV_BTS'),
    ('R33', 'ASSESS_RETURN_OBSTACLE'), ('R34', 'IMPOSE_BTS'), ('R35', 'ASSESS_BTS');

-- Every action: the person, the subject's id and the rule that fired.
CREATE TEMP TABLE actions (v VARCHAR, subject_id VARCHAR, rule VARCHAR);

INSERT INTO actions SELECT v, v, 'H02' FROM held;

-- BAN: the first rule that matches, per ban.
INSERT INTO actions
WITH b AS (
    SELECT b.*, f.tp_in_force, f.tp_end, f.has_holder, f.regular_pending,
        b.status IN ('active', 'temporarily_lifted') AS live,
        coalesce(b.in_force_date <= DATE '{as_of}', false) AS in_force,
        coalesce(DATE '{as_of}' >= b.in_force_date + to_years(b.duration_years), false)
            AS lapsed,
        coalesce(f.has_holder AND b.decision_date <= f.status_date, false) AS predates,
coalesce(f.last_regular_grant >= b.decision_date, false) AS granted_after,
        coalesce(f.last_6_6_grant >= b.decision_date, false) AS granted_6_6,
        b.status = 'temporarily_lifted' AND coalesce(b.lifted_reason = 'temporary_protection', false)
            AS temp_lifted_for_tp
    FROM bans b JOIN facts f USING (v) WHERE b.v NOT IN (SELECT v FROM held)
), fired AS (
    SELECT v, id, CASE
        WHEN live AND lapsed THEN 'R01'
        WHEN granted_after AND live AND NOT in_force THEN 'R02'
        WHEN tp_in_force AND severity = 'heavy' AND status = 'active' AND predates THEN 'R03'
        WHEN granted_6_6 AND severity = 'light' AND live AND in_force THEN 'R04'
        WHEN tp_in_force AND severity = 'light' AND live THEN 'R05'
        WHEN tp_in_force AND severity = 'heavy' AND temp_lifted_for_tp
            AND (lifted_until IS NULL OR lifted_until <> tp_end) THEN 'R06'
        WHEN has_holder AND NOT tp_in_force AND temp_lifted_for_tp THEN 'R07'
        WHEN (regular_pending OR granted_after) AND severity = 'heavy' AND live
            AND in_force THEN 'R08'
    END AS rule FROM b
)
SELECT v, id, rule
FROM fired WHERE rule IS NOT NULL;

-- OVR
INSERT INTO actions
WITH o AS (
    SELECT o.*, f.rtb_active, f.regular_pending,
        coalesce(f.has_holder AND o.decision_date <= f.status_date, false) AS predates,
coalesce(f.last_regular_grant >= o.decision_date, false) AS granted_after
    FROM ovrs o JOIN facts f USING (v) WHERE o.v NOT IN (SELECT v FROM held)
), fired AS (
    SELECT v, id, CASE
        WHEN status = 'active' AND ((rtb_active AND predates) OR granted_after) THEN 'R09'
        WHEN status = 'active' AND regular_pending THEN 'R10'
    END AS rule FROM o
)
SELECT v, id, rule
FROM fired WHERE rule IS NOT NULL;

-- TKB
INSERT INTO actions
WITH t AS (
    SELECT t.*, f.tp_in_force, f.tp_end, f.has_holder,
        t.status = 'suspended' AND coalesce(t.suspension_reason = 'temporary_protection', false)
            AS suspended_for_tp,
coalesce(f.last_regular_grant >= t.decision_date, false) AS granted_after
    FROM tkbs t JOIN facts f USING (v) WHERE t.v NOT IN (SELECT v FROM held)
), fired AS (
    SELECT v, id, CASE
        WHEN tp_in_force AND status = 'active' THEN 'R11'
        WHEN tp_in_force AND suspended_for_tp
            AND (suspended_until IS NULL OR suspended_until <> tp_end) THEN 'R12'
        WHEN has_holder AND NOT tp_in_force AND suspended_for_tp AND NOT granted_after
            THEN 'R13'
    END AS rule FROM t
)
SELECT v, id, rule
FROM fired WHERE rule IS NOT NULL;

-- HIT: exactly one rule per hit. R17 and R18 read whether a BAN or OVR
-- action of the person deletes an alert (R01, R02, R04, R05, R09).
INSERT INTO actions
WITH deleting AS (
    SELECT DISTINCT v FROM actions WHERE rule IN ('R01', 'R02', 'R04', 'R05', 'R09')
),
-- The person's measures that carry an alert id, with whether they are live.
alert_measures AS (
    SELECT v, alert, status IN ('active', 'temporarily_lifted') AS live FROM bans
        WHERE alert IS NOT NULL
    UNION ALL SELECT v, alert, status = 'active' FROM ovrs WHERE alert IS NOT NULL
    UNION ALL SELECT v, alert, status IN ('active', 'suspended') FROM tkbs
        WHERE alert IS NOT NULL
    UNION ALL SELECT v, alert, status = 'active' FROM bts WHERE alert IS NOT NULL
),
h AS (
    SELECT h.*, f.rtb_active, f.tp_in_force, f.regular_pending, f.asylum_pending,
        f.regular_granted,
        h.v IN (SELECT v FROM held) AS held,
        h.v IN (SELECT v FROM deleting) AS deleting,
        h.issuing_state <> 'NL' AND h.alert_kind IN ('refusal', 'return') AS foreign_alert,
        (SELECT count(*) FROM alert_measures m WHERE m.v = h.v AND m.alert = h.alert)
            AS measures,
        (SELECT count(*) FROM alert_measures m WHERE m.v = h.v AND m.alert = h.alert
            AND m.live) AS live_measures
    FROM hits h JOIN facts f USING (v)
), fired AS (
    SELECT v, id, CASE
        WHEN held THEN 'R14'
        WHEN issuing_state = 'NL' AND measures > 0 AND live_measures = 0 THEN 'R15'
        WHEN foreign_alert AND (rtb_active OR regular_pending OR asylum_pending
            OR regular_granted) THEN 'R16'
        WHEN issuing_state = 'NL' AND alert_kind IN ('refusal', 'return') AND admitted
            AND NOT rtb_active AND NOT deleting THEN 'R17'
        WHEN issuing_state = 'NL' AND (rtb_active OR deleting) THEN 'R18'
        ELSE 'R19'
    END AS rule FROM h
)
SELECT v, id, rule
FROM fired;

-- APP
INSERT INTO actions
WITH a AS (
    SELECT a.*, f.rtb_active, f.ukrainian, f.nationality, f.second_nationality, f.po, f.e,
        m.live_heavy_ban,
        EXISTS (SELECT 1 FROM bans b WHERE b.v = a.v AND b.severity = 'light'
                AND b.status IN ('active', 'temporarily_lifted')
                AND b.ground IN ('public_order', 'national_security')) AS live_light_po_ban,
        CASE a.target_kind
            WHEN 'entry_ban' THEN EXISTS (SELECT 1 FROM bans b WHERE b.v = a.v
                AND b.id = a.target_id AND b.status IN ('active', 'temporarily_lifted'))
            WHEN 'exclusion_order' THEN EXISTS (SELECT 1 FROM ovrs o WHERE o.v = a.v
                AND o.id = a.target_id AND o.status = 'active')
            ELSE false
        END AS target_live
    FROM apps a JOIN facts f USING (v) JOIN measure_facts m USING (v)
    WHERE a.v NOT IN (SELECT v FROM held)
), l AS (
    SELECT *, kind = 'lift_request' AND decision = 'pending' AND target_live
        AND NOT rtb_active AS lift FROM a
), fired AS (
    SELECT v, id, CASE
        WHEN lift AND lift_met = false AND filed_from = 'UA'
            AND (ukrainian OR coalesce(second_nationality = 'UKR', false)
                 OR nationality IS NULL) THEN 'R20'
        WHEN lift AND lift_met = false THEN 'R21'
        WHEN lift AND lift_met = true THEN 'R22'
        WHEN lift AND lift_met IS NULL THEN 'R23'
        WHEN kind = 'regular' AND decision = 'pending'
            AND (live_heavy_ban OR live_light_po_ban OR po OR e) THEN 'R24'
        WHEN kind = 'asylum' AND decision = 'pending' AND (po OR live_heavy_ban OR e)
            THEN 'R25'
    END AS rule FROM l
)
SELECT v, id, rule
FROM fired WHERE rule IS NOT NULL;

-- The persons the PERSON and MEASURES groups look at: not on hold.
CREATE TEMP TABLE persons AS
SELECT f.*, m.* EXCLUDE (v) FROM facts f JOIN measure_facts m USING (v)
WHERE f.v NOT IN (SELECT v FROM held);

-- PERSON: independent rules, each at most once per person.
INSERT INTO actions
WITH p AS (SELECT * FROM persons), fired AS (
    SELECT v, 'R26' AS rule FROM p
    WHERE claim_active AND (live_heavy_ban OR po OR EXISTS (
        SELECT 1 FROM ovrs o WHERE o.v = p.v AND (o.status = 'active'
            OR (o.status = 'lifted' AND o.lifted_reason = 'temporary_protection'))))
    UNION ALL
    SELECT v, 'R27' FROM p
    WHERE category = 'temporary_resident_ua' AND status = 'granted'
      AND DATE '{as_of}' > DATE '2024-03-04'
    UNION ALL
    SELECT v, 'R28' FROM p
    WHERE has_holder AND status <> 'claimed' AND NOT rtb_active AND NOT e
      AND NOT asylum_pending AND NOT regular_granted AND NOT eu_national
      AND NOT live_heavy_ban AND NOT live_bts
      AND (po
        OR EXISTS (SELECT 1 FROM bans b WHERE b.v = p.v AND b.status = 'lifted'
            AND b.lifted_reason = 'temporary_protection'
            AND b.ground IN ('public_order', 'national_security'))
        OR EXISTS (SELECT 1 FROM ovrs o WHERE o.v = p.v AND o.status = 'lifted'
            AND o.lifted_reason = 'temporary_protection'
            AND o.ground IN ('public_order', 'national_security')))
    UNION ALL
    SELECT v, 'R29' FROM p
    WHERE NOT rtb_active AND NOT e AND (NOT has_holder OR status IN ('granted', 'ended'))
      AND EXISTS (SELECT 1 FROM apps a WHERE a.v = p.v AND a.kind = 'regular'
        AND a.decision = 'rejected' AND a.decision_date IS NOT NULL
        AND (NOT p.has_holder OR a.decision_date >= p.status_date)
        AND (a.rejection_ground IN ('public_order', 'national_security') OR p.live_final))
    UNION ALL
    SELECT v, 'R30' FROM p
    WHERE tp_in_force AND (
        EXISTS (SELECT 1 FROM apps a WHERE a.v = p.v AND a.kind = 'asylum'
            AND a.decision = 'rejected'
            AND a.rejection_ground IN ('public_order', 'national_security')
            AND a.decision_date >= p.status_date)
        OR EXISTS (SELECT 1 FROM bans b WHERE b.v = p.v AND b.severity = 'heavy'
            AND b.decision_date > p.status_date)
        OR EXISTS (SELECT 1 FROM ovrs o WHERE o.v = p.v AND o.decision_date > p.status_date)
        OR EXISTS (SELECT 1 FROM bts s WHERE s.v = p.v AND s.decision_date > p.status_date))
)
SELECT v, v, rule
FROM fired;

-- MEASURES: when M(p), exactly one, the first that matches.
INSERT INTO actions
WITH p AS (SELECT * FROM persons WHERE measures_due), fired AS (
    SELECT v, CASE
        WHEN live_ban OR live_ovr OR live_tkb OR live_bts THEN 'R31'
        WHEN return_possible THEN 'R32'
        WHEN NOT return_possible AND obstacle <> 'yes'
            AND (NOT ukrainian OR second_nationality IS NOT NULL) THEN 'R33'
        WHEN event_kind IN (3, 4) THEN 'R34'
        ELSE 'R35'
    END AS rule FROM p
)
SELECT v, v, rule
FROM fired;

-- In the order of actions.csv (SPEC §5: byte order).
COPY (
    SELECT v AS v_number, action, subject_id, rule AS rule_id FROM actions JOIN codes USING (rule)
    ORDER BY v COLLATE "C", action COLLATE "C", subject_id COLLATE "C"
) TO '{out}' (HEADER, DELIMITER ',');
