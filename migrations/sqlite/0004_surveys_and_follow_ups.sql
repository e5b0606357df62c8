-- Closing the loop (guideline ch. 4 and 7): the post-service survey and the follow-up visits
-- (回访) of the customer-service manager.

-- Per-outlet policy, with the guideline's numbers as defaults: a survey link works for 14
-- days; a follow-up task is due within 24 hours; a routine call 3 days after delivery (0: none).
ALTER TABLE outlets ADD COLUMN survey_valid_days INTEGER NOT NULL DEFAULT 14 CHECK (survey_valid_days BETWEEN 1 AND 365);
ALTER TABLE outlets ADD COLUMN follow_up_hours INTEGER NOT NULL DEFAULT 24 CHECK (follow_up_hours BETWEEN 1 AND 720);
ALTER TABLE outlets ADD COLUMN routine_follow_up_days INTEGER NOT NULL DEFAULT 3 CHECK (routine_follow_up_days BETWEEN 0 AND 90);

-- One survey per delivered order, opened at delivery. The token is the link's secret (it
-- answers this survey and nothing else). The answer columns stay NULL until answered, once.
CREATE TABLE surveys (
    id                 INTEGER PRIMARY KEY,
    work_order_id      INTEGER NOT NULL UNIQUE REFERENCES work_orders (id),
    token              TEXT NOT NULL UNIQUE,
    created_at         TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    answered_at        TEXT,
    nps                INTEGER CHECK (nps BETWEEN 0 AND 10),
    attitude           INTEGER CHECK (attitude BETWEEN 1 AND 5),
    professionalism    INTEGER CHECK (professionalism BETWEEN 1 AND 5),
    timeliness         INTEGER CHECK (timeliness BETWEEN 1 AND 5),
    price_transparency INTEGER CHECK (price_transparency BETWEEN 1 AND 5),
    repair_quality     INTEGER CHECK (repair_quality BETWEEN 1 AND 5),
    comment            TEXT NOT NULL DEFAULT ''
);

-- The manager's follow-up calls: from a low survey answer, a complaint, or routine after a
-- delivery. Each has its due time and, once done, its outcome. A survey and a routine call
-- open at most one task per order (however many instances notice).
CREATE TABLE follow_ups (
    id               INTEGER PRIMARY KEY,
    outlet_id        INTEGER NOT NULL REFERENCES outlets (id),
    customer_id      INTEGER NOT NULL REFERENCES customers (id),
    work_order_id    INTEGER REFERENCES work_orders (id),
    source           TEXT NOT NULL CHECK (source IN ('survey', 'complaint', 'routine')),
    created_at       TEXT NOT NULL,
    due_at           TEXT NOT NULL,
    done_at          TEXT,
    done_by_staff_id INTEGER REFERENCES staff (id),
    reached          BOOLEAN,
    satisfaction     INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    outcome          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_ups_outlet_open ON follow_ups (outlet_id, done_at, due_at);
CREATE UNIQUE INDEX follow_ups_one_per_order ON follow_ups (work_order_id, source) WHERE source IN ('survey', 'routine');

-- The outbox carries the survey invitation and complaint updates too. SQLite widens the kind's
-- CHECK only by rebuilding the table (nothing refers to it); its indexes are made again.
CREATE TABLE notifications_v4 (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    work_order_id   INTEGER NOT NULL REFERENCES work_orders (id),
    kind            TEXT NOT NULL CHECK (kind IN ('checked_in', 'approval_requested', 'ready_for_pickup', 'delayed', 'survey_invite', 'complaint_update')),
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TEXT,
    claimed_until   TEXT
);
INSERT INTO notifications_v4 (id, customer_id, work_order_id, kind, body, created_at, sent_at,
    attempts, last_error, next_attempt_at, claimed_until)
SELECT id, customer_id, work_order_id, kind, body, created_at, sent_at, attempts, last_error,
    next_attempt_at, claimed_until
FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v4 RENAME TO notifications;
CREATE INDEX notifications_unsent ON notifications (sent_at, id);
CREATE INDEX notifications_order ON notifications (work_order_id);
CREATE UNIQUE INDEX notifications_one_delay_notice ON notifications (work_order_id) WHERE kind = 'delayed';
