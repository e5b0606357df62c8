-- Training and assessments (issue 13; guideline 2.2, 2.4): the courses a member of staff
-- attended, and the periodic assessments their manager records (the KPI work joins them with
-- measured performance).

-- A course attended: hours in tenths, and the assessment score (0–100) when the course had one.
CREATE TABLE staff_trainings (
    id           INTEGER PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff (id),
    course       TEXT NOT NULL,
    provider     TEXT NOT NULL,
    finished_on  TEXT NOT NULL,
    hours_tenths INTEGER NOT NULL CHECK (hours_tenths BETWEEN 1 AND 2000),
    score        INTEGER CHECK (score BETWEEN 0 AND 100),
    created_at   TEXT NOT NULL
);
CREATE INDEX staff_trainings_staff ON staff_trainings (staff_id);

-- A manager's assessment for a period (`2026-Q4`): a score of 1–5 per criterion
-- (`domain::organisation::Criterion`, JSON `{"attitude": 4, ...}`) and a comment.
CREATE TABLE staff_assessments (
    id                  INTEGER PRIMARY KEY,
    staff_id            INTEGER NOT NULL REFERENCES staff (id),
    period              TEXT NOT NULL,
    scores              TEXT NOT NULL,
    comment             TEXT NOT NULL,
    assessed_by_staff_id INTEGER NOT NULL REFERENCES staff (id),
    created_at          TEXT NOT NULL,
    UNIQUE (staff_id, period)
);
