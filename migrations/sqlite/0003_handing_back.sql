-- Handing the car back and keeping the customer told: the settlement list's materials and
-- fees, warranty rework free of charge, photos of the walk-around and of findings, the
-- one-off delay notice, and the outbox sender's bookkeeping.

-- A rework order (返修) opened inside the original order's warranty period is free of charge.
ALTER TABLE work_orders ADD COLUMN free_of_charge BOOLEAN NOT NULL DEFAULT FALSE;

-- Estimate lines as the settlement list (JT/T 1133) itemises them: materials with brand, spec,
-- unit and whether the customer supplied the part; fees (diagnosis, testing, sublet, other)
-- as a third kind beside labour and parts. SQLite cannot widen a CHECK constraint in place, so
-- the table is rebuilt; its triggers and index are dropped with it and made again below.
CREATE TABLE work_order_lines_v3 (
    id                INTEGER PRIMARY KEY,
    work_order_id     INTEGER NOT NULL REFERENCES work_orders (id),
    kind              TEXT NOT NULL CHECK (kind IN ('labour', 'part', 'fee')),
    item              TEXT NOT NULL,
    reason            TEXT NOT NULL,
    part_code         TEXT NOT NULL,
    origin            TEXT CHECK (origin IN ('original', 'equivalent', 'repaired')),
    brand             TEXT NOT NULL DEFAULT '',
    spec              TEXT NOT NULL DEFAULT '',
    unit              TEXT NOT NULL DEFAULT '',
    customer_supplied BOOLEAN NOT NULL DEFAULT FALSE,
    fee_kind          TEXT CHECK (fee_kind IN ('diagnosis', 'testing', 'sublet', 'other')),
    count_hundredths  INTEGER NOT NULL CHECK (count_hundredths > 0),
    unit_fen          INTEGER NOT NULL CHECK (unit_fen >= 0),
    amount_fen        INTEGER NOT NULL CHECK (amount_fen >= 0),
    approval          TEXT NOT NULL CHECK (approval IN ('agreed', 'pending', 'approved', 'declined')),
    approval_id       INTEGER REFERENCES approvals (id),
    added_by_staff_id INTEGER NOT NULL REFERENCES staff (id),
    added_at          TEXT NOT NULL
);
INSERT INTO work_order_lines_v3 (id, work_order_id, kind, item, reason, part_code, origin,
    count_hundredths, unit_fen, amount_fen, approval, approval_id, added_by_staff_id, added_at)
SELECT id, work_order_id, kind, item, reason, part_code, origin, count_hundredths, unit_fen,
    amount_fen, approval, approval_id, added_by_staff_id, added_at
FROM work_order_lines;
DROP TABLE work_order_lines;
ALTER TABLE work_order_lines_v3 RENAME TO work_order_lines;
CREATE INDEX work_order_lines_order ON work_order_lines (work_order_id);

-- A line the customer agreed to or decided on is never edited or removed afterwards.
CREATE TRIGGER work_order_lines_decided_are_final_update
BEFORE UPDATE ON work_order_lines
WHEN OLD.approval <> 'pending'
BEGIN
    SELECT RAISE(ABORT, 'decided estimate lines cannot change');
END;
CREATE TRIGGER work_order_lines_decided_are_final_delete
BEFORE DELETE ON work_order_lines
WHEN OLD.approval <> 'pending'
BEGIN
    SELECT RAISE(ABORT, 'decided estimate lines cannot change');
END;

-- Photos of the walk-around (at check-in) and of findings (optionally for one line, shown to
-- the customer with that added item). Checked for type and size before they are stored; the
-- bytes live in the database so every instance serves them. Photos are never changed.
CREATE TABLE work_order_photos (
    id                INTEGER PRIMARY KEY,
    work_order_id     INTEGER NOT NULL REFERENCES work_orders (id),
    line_id           INTEGER REFERENCES work_order_lines (id),
    caption           TEXT NOT NULL,
    content_type      TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    size_bytes        INTEGER NOT NULL CHECK (size_bytes > 0),
    bytes             BLOB NOT NULL,
    added_by_staff_id INTEGER NOT NULL REFERENCES staff (id),
    added_at          TEXT NOT NULL
);
CREATE INDEX work_order_photos_order ON work_order_photos (work_order_id, id);

-- A decision on added items may also be given by phone or in person at the desk, where the
-- advisor records it: who recorded it and what was said (the phone call's note) are kept with
-- it. SQLite widens the method's CHECK only by rebuilding the table. Estimate lines refer to
-- approvals, so the foreign keys are checked at commit (`defer_foreign_keys`), when the rows
-- are back under the same ids; a row not restored would fail the commit.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE approvals_v2 AS SELECT * FROM approvals;
DROP TABLE approvals;
CREATE TABLE approvals (
    id                   INTEGER PRIMARY KEY,
    work_order_id        INTEGER NOT NULL REFERENCES work_orders (id),
    customer_id          INTEGER NOT NULL REFERENCES customers (id),
    at                   TEXT NOT NULL,
    method               TEXT NOT NULL CHECK (method IN ('portal_signature', 'phone', 'in_person')),
    signer_name          TEXT NOT NULL,
    signature_png        TEXT NOT NULL,
    recorded_by_staff_id INTEGER REFERENCES staff (id),
    note                 TEXT NOT NULL DEFAULT ''
);
INSERT INTO approvals (id, work_order_id, customer_id, at, method, signer_name, signature_png)
SELECT id, work_order_id, customer_id, at, method, signer_name, signature_png FROM approvals_v2;
DROP TABLE approvals_v2;

-- The outbox sender: a row is claimed by one instance at a time (`claimed_until`), and a
-- failed delivery waits until `next_attempt_at` before the next try.
ALTER TABLE notifications ADD COLUMN next_attempt_at TEXT;
ALTER TABLE notifications ADD COLUMN claimed_until TEXT;
-- The customer is told of a delay once per order, however many instances notice it.
CREATE UNIQUE INDEX notifications_one_delay_notice ON notifications (work_order_id) WHERE kind = 'delayed';
