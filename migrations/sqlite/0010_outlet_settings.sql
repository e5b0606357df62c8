-- Outlet settings (issue 13): the outlet's manager edits its hours, policy numbers and bays in
-- the console; closures take days off the booking grid.

-- Closures: holidays and days off, first and last day inclusive, in the outlet's calendar.
-- The grid offers no window on them; bookings already made there are listed for the advisors
-- to move, and each customer is told through the outbox.
CREATE TABLE outlet_closures (
    id                  INTEGER PRIMARY KEY,
    outlet_id           INTEGER NOT NULL REFERENCES outlets (id),
    first_day           TEXT NOT NULL,
    last_day            TEXT NOT NULL,
    reason              TEXT NOT NULL,
    created_by_staff_id INTEGER NOT NULL REFERENCES staff (id),
    created_at          TEXT NOT NULL,
    CHECK (first_day <= last_day)
);
CREATE INDEX outlet_closures_outlet ON outlet_closures (outlet_id, last_day);

-- The outbox also tells a customer that their booking falls on a closure (a message about a
-- booking, not an order or a complaint). SQLite widens CHECKs only by rebuilding the table
-- (nothing refers to it); its indexes are made again.
CREATE TABLE notifications_v10 (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    work_order_id   INTEGER REFERENCES work_orders (id),
    complaint_id    INTEGER REFERENCES complaints (id),
    booking_id      INTEGER REFERENCES bookings (id),
    kind            TEXT NOT NULL CHECK (kind IN ('checked_in', 'approval_requested', 'ready_for_pickup', 'delayed', 'survey_invite', 'complaint_update', 'booking_affected')),
    body            TEXT NOT NULL,
    link_path       TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TEXT,
    claimed_until   TEXT,
    CHECK (work_order_id IS NOT NULL OR complaint_id IS NOT NULL OR booking_id IS NOT NULL)
);
INSERT INTO notifications_v10 (id, customer_id, work_order_id, complaint_id, kind, body, link_path,
    created_at, sent_at, attempts, last_error, next_attempt_at, claimed_until)
SELECT id, customer_id, work_order_id, complaint_id, kind, body, link_path, created_at, sent_at,
    attempts, last_error, next_attempt_at, claimed_until
FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_v10 RENAME TO notifications;
CREATE INDEX notifications_unsent ON notifications (sent_at, id);
CREATE INDEX notifications_order ON notifications (work_order_id);
CREATE INDEX notifications_complaint ON notifications (complaint_id);
CREATE INDEX notifications_booking ON notifications (booking_id);
CREATE UNIQUE INDEX notifications_one_delay_notice ON notifications (work_order_id) WHERE kind = 'delayed';
