"""The one SQL query of each twin. Each reads the rows its page shows (the same filters,
order and limit), joined to what the page prints beside them; nothing else."""

SESSION_COLUMNS = """
    s.id, s.starts_at, s.ends_at, s.status, s.kind,
    p.first_name, p.last_name, p.chart_number, u.first_name, u.last_name, r.name
"""
SESSION_JOINS = """
    FROM treatments_treatmentsession s
    JOIN patients_patient p ON p.id = s.patient_id
    JOIN auth_user u ON u.id = s.practitioner_id
    JOIN treatments_room r ON r.id = s.room_id
"""
ACTIVE = "s.status NOT IN ('cancelled', 'no_show')"
# No session lasts longer than 12 hours (MAX_SESSION_LENGTH): the overlap's lower bound.
LONGEST = "interval '12 hours'"

# The week of one location, for the first 8 practitioners who work there (the page's group).
CALENDAR_WEEK_ALL = f"""
SELECT {SESSION_COLUMNS} {SESSION_JOINS}
WHERE r.location_id = %(location)s AND {ACTIVE}
  AND s.starts_at < %(end)s AND s.ends_at > %(start)s AND s.starts_at > %(start)s - {LONGEST}
  AND s.practitioner_id IN (
      SELECT DISTINCT practitioner_id FROM treatments_workinghours
      WHERE location_id = %(location)s ORDER BY practitioner_id LIMIT 8)
ORDER BY s.starts_at, s.id
"""

CALENDAR_WEEK_ONE = f"""
SELECT {SESSION_COLUMNS} {SESSION_JOINS}
WHERE s.practitioner_id = %(practitioner)s AND {ACTIVE}
  AND s.starts_at < %(end)s AND s.ends_at > %(start)s AND s.starts_at > %(start)s - {LONGEST}
ORDER BY s.starts_at, s.id
"""

# Today's sessions, the oldest 20 unsigned charts and 20 due tasks, as one UNION ALL.
PRACTITIONER_DASHBOARD = f"""
(SELECT 'today', s.id, s.starts_at, p.first_name, p.last_name {SESSION_JOINS}
 WHERE s.practitioner_id = %(user)s AND {ACTIVE}
   AND s.starts_at >= %(start)s AND s.starts_at < %(end)s ORDER BY s.starts_at, s.id)
UNION ALL
(SELECT 'sign', s.id, s.starts_at, p.first_name, p.last_name
 FROM treatments_chart c JOIN treatments_treatmentsession s ON s.id = c.treatment_session_id
 JOIN patients_patient p ON p.id = s.patient_id
 WHERE c.signed_at IS NULL AND s.practitioner_id = %(user)s ORDER BY s.starts_at, c.id LIMIT 20)
UNION ALL
(SELECT 'task', f.id, f.due_at, p.first_name, p.last_name
 FROM treatments_followup f JOIN patients_patient p ON p.id = f.patient_id
 WHERE f.assignee_id = %(user)s AND f.status IN ('pending', 'failed') AND f.due_at <= %(now)s
   AND f.due_at > %(now)s - interval '30 days'
 ORDER BY f.urgent DESC, f.due_at, f.id LIMIT 20)
"""

FRONT_DESK_DASHBOARD = f"""
(SELECT 'arrival', s.id, s.starts_at, p.first_name, p.last_name {SESSION_JOINS}
 WHERE r.location_id = %(location)s AND {ACTIVE}
   AND s.starts_at >= %(start)s AND s.starts_at < %(end)s ORDER BY s.starts_at, s.id LIMIT 31)
UNION ALL
(SELECT 'task', f.id, f.due_at, p.first_name, p.last_name
 FROM treatments_followup f JOIN patients_patient p ON p.id = f.patient_id
 WHERE f.status IN ('pending', 'failed') AND f.due_at <= %(now)s
   AND f.due_at > %(now)s - interval '30 days'
 ORDER BY f.urgent DESC, f.due_at LIMIT 8)
"""

SEARCH_CHART_NUMBER = """
SELECT id, chart_number, first_name, last_name, date_of_birth, phone
FROM patients_patient WHERE chart_number = %(q)s AND archived_at IS NULL
"""

AUDIT_LOG = """
SELECT e.id, e.at, e.action, e.target_repr, e.actor_username, u.first_name, u.last_name
FROM clinic_auditevent e LEFT JOIN auth_user u ON u.id = e.actor_id
ORDER BY e.at DESC, e.id DESC LIMIT 51
"""

FOLLOW_UP_QUEUE = """
SELECT f.id, f.kind, f.channel, f.due_at, f.status, f.urgent, p.first_name, p.last_name,
       p.chart_number
FROM treatments_followup f JOIN patients_patient p ON p.id = f.patient_id
WHERE f.status IN ('pending', 'sending', 'failed') AND f.due_at > %(now)s - interval '30 days'
ORDER BY f.urgent DESC, f.due_at, f.id LIMIT 50
"""

# The patient and their sessions (the page's history), newest first.
PATIENT_PAGE = """
SELECT p.id, p.first_name, p.last_name, p.chart_number, p.date_of_birth,
       s.id, s.starts_at, s.status, s.kind
FROM patients_patient p LEFT JOIN treatments_treatmentsession s ON s.patient_id = p.id
WHERE p.id = %(patient)s
ORDER BY s.starts_at DESC, s.id DESC
"""

# The session, its patient and chart, and the products used.
CHART_PAGE = """
SELECT s.id, s.starts_at, p.first_name, p.last_name, p.chart_number, c.id, c.signed_at,
       c.areas, c.technique, c.notes, cp.id, cp.volume_ml, cp.units_used, l.lot_number
FROM treatments_treatmentsession s
JOIN patients_patient p ON p.id = s.patient_id
LEFT JOIN treatments_chart c ON c.treatment_session_id = s.id
LEFT JOIN treatments_chartproduct cp ON cp.chart_id = c.id
LEFT JOIN protocols_lot l ON l.id = cp.lot_id
WHERE s.id = %(session)s
ORDER BY cp.id
"""

# Every patient who received the lot, with the session it was used in.
LOT_RECALL = """
SELECT p.id, p.first_name, p.last_name, p.chart_number, p.phone, p.email,
       s.id, s.starts_at
FROM treatments_chartproduct cp
JOIN treatments_chart c ON c.id = cp.chart_id
JOIN treatments_treatmentsession s ON s.id = c.treatment_session_id
JOIN patients_patient p ON p.id = s.patient_id
WHERE cp.lot_id = %(lot)s
ORDER BY p.last_name, p.id, s.starts_at DESC
"""
