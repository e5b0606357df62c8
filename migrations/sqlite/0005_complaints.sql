-- Complaints (投诉, guideline ch. 7): fast response, fair handling, closed loop.

-- Per-outlet policy: the first response to a complaint is due within 24 hours of filing.
ALTER TABLE outlets ADD COLUMN complaint_response_hours INTEGER NOT NULL DEFAULT 24 CHECK (complaint_response_hours BETWEEN 1 AND 168);

-- A complaint: about one of the customer's orders or in general, at one outlet. `version`
-- moves with every step (compare-and-set, like a work order's). The outcome columns fill in
-- as the stages pass: responsibility at 责任认定, the resolution at 处理反馈.
CREATE TABLE complaints (
    id                        INTEGER PRIMARY KEY,
    number                    TEXT NOT NULL UNIQUE,
    token                     TEXT NOT NULL UNIQUE,
    outlet_id                 INTEGER NOT NULL REFERENCES outlets (id),
    customer_id               INTEGER NOT NULL REFERENCES customers (id),
    work_order_id             INTEGER REFERENCES work_orders (id),
    category                  TEXT NOT NULL CHECK (category IN ('repair_quality', 'timeliness', 'price', 'staff_attitude', 'parts', 'other')),
    severity                  TEXT NOT NULL DEFAULT 'normal' CHECK (severity IN ('low', 'normal', 'high')),
    stage                     TEXT NOT NULL CHECK (stage IN ('acceptance', 'investigation', 'responsibility', 'resolution', 'follow_up', 'closed')),
    version                   INTEGER NOT NULL DEFAULT 0,
    what_happened             TEXT NOT NULL,
    wish                      TEXT NOT NULL DEFAULT '',
    filed_by_guest            BOOLEAN NOT NULL DEFAULT FALSE,
    filed_at                  TEXT NOT NULL,
    response_due_at           TEXT NOT NULL,
    first_response_at         TEXT,
    -- The current stage's deadline (the queue's order): the response, then resolution, then the 回访.
    due_at                    TEXT,
    escalated_at              TEXT,
    responsibility            TEXT CHECK (responsibility IN ('workmanship', 'technician', 'parts_supplier', 'manufacturer_defect', 'customer_misuse', 'no_fault')),
    responsible_technician_id INTEGER REFERENCES technicians (id),
    resolution                TEXT CHECK (resolution IN ('free_rework', 'compensation', 'apology')),
    compensation_fen          INTEGER CHECK (compensation_fen > 0),
    rework_order_id           INTEGER REFERENCES work_orders (id),
    closed_at                 TEXT,
    updated_at                TEXT NOT NULL
);
CREATE INDEX complaints_outlet_stage ON complaints (outlet_id, stage, due_at);
CREATE INDEX complaints_customer ON complaints (customer_id, id);
CREATE INDEX complaints_waiting ON complaints (first_response_at, response_due_at) WHERE first_response_at IS NULL;

-- Every step, note and message: who, when, what. `public` entries are addressed to the
-- customer (and sent through the outbox); the rest are staff-only.
CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    at           TEXT NOT NULL,
    staff_id     INTEGER REFERENCES staff (id),
    customer_id  INTEGER REFERENCES customers (id),
    actor_name   TEXT NOT NULL,
    event        TEXT,
    from_stage   TEXT,
    to_stage     TEXT,
    note         TEXT NOT NULL DEFAULT '',
    public       BOOLEAN NOT NULL DEFAULT FALSE,
    -- What an investigation note points at: another work order, a member of the workshop.
    linked_order_id      INTEGER REFERENCES work_orders (id),
    linked_technician_id INTEGER REFERENCES technicians (id)
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- Pictures the customer sends with a complaint (or staff add as evidence).
CREATE TABLE complaint_photos (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    caption      TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes > 0),
    bytes        BLOB NOT NULL,
    by_staff_id  INTEGER REFERENCES staff (id),
    added_at     TEXT NOT NULL
);
CREATE INDEX complaint_photos_complaint ON complaint_photos (complaint_id, id);

-- A complaint's 回访 is a follow-up task too (one per round: a reopened complaint gets another).
ALTER TABLE follow_ups ADD COLUMN complaint_id INTEGER REFERENCES complaints (id);

-- Complaint updates go through the outbox; a general complaint has no work order. A message's
-- link (the tracking, survey or complaint page) is kept apart from its text: senders add it,
-- staff read the text without it (the survey's and the complaint's links act as the customer).
-- SQLite relaxes NOT NULL only by rebuilding the table (nothing refers to it).
CREATE TABLE notifications_v5 (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    work_order_id   INTEGER REFERENCES work_orders (id),
    complaint_id    INTEGER REFERENCES complaints (id),
    kind            TEXT NOT NULL CHECK (kind IN ('checked_in', 'approval_requested', 'ready_for_pickup', 'delayed', 'survey_invite', 'complaint_update')),
    body            TEXT NOT NULL,
    link_path       TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TEXT,
    claimed_until   TEXT,
    CHECK (work_order_id IS NOT NULL OR complaint_id IS NOT NULL)
);
INSERT INTO notifications_v5 (id, customer_id, work_order_id, kind, body, created_at, sent_at,
    attempts, last_error, next_attempt_at, claimed_until)
SELECT id, customer_id, work_order_id, kind, body, created_at, sent_at, attempts, last_error,
    next_attempt_at, claimed_until
FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v5 RENAME TO notifications;
CREATE INDEX notifications_unsent ON notifications (sent_at, id);
CREATE INDEX notifications_order ON notifications (work_order_id);
CREATE INDEX notifications_complaint ON notifications (complaint_id);
CREATE UNIQUE INDEX notifications_one_delay_notice ON notifications (work_order_id) WHERE kind = 'delayed';
