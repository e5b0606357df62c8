-- AfterSales: the repair (SQLite dialect). Twin of migrations/postgres/0002_work_orders.sql.
-- Work orders (工单): check-in to delivery, the estimate and the customer's approvals, and the
-- notifications outbox. The life cycle is `WorkOrderStatus` in src/domain/work_order.rs.

-- Per-outlet policy for the repair (defaults are the guideline's and the national numbers).
-- SLA targets in hours; the warranty the outlet promises beyond the statutory minimum (0: the
-- law's period); the labour rate the estimate form starts from, in fen per hour.
ALTER TABLE outlets ADD COLUMN first_update_hours INTEGER NOT NULL DEFAULT 24 CHECK (first_update_hours BETWEEN 1 AND 720);
ALTER TABLE outlets ADD COLUMN processing_hours INTEGER NOT NULL DEFAULT 48 CHECK (processing_hours BETWEEN 1 AND 720);
ALTER TABLE outlets ADD COLUMN urgent_first_update_hours INTEGER NOT NULL DEFAULT 4 CHECK (urgent_first_update_hours BETWEEN 1 AND 720);
ALTER TABLE outlets ADD COLUMN urgent_processing_hours INTEGER NOT NULL DEFAULT 24 CHECK (urgent_processing_hours BETWEEN 1 AND 720);
ALTER TABLE outlets ADD COLUMN at_risk_percent INTEGER NOT NULL DEFAULT 20 CHECK (at_risk_percent BETWEEN 0 AND 100);
ALTER TABLE outlets ADD COLUMN warranty_promise_days INTEGER NOT NULL DEFAULT 0 CHECK (warranty_promise_days BETWEEN 0 AND 3650);
ALTER TABLE outlets ADD COLUMN warranty_promise_km INTEGER NOT NULL DEFAULT 0 CHECK (warranty_promise_km BETWEEN 0 AND 1000000);
ALTER TABLE outlets ADD COLUMN labour_rate_fen INTEGER NOT NULL DEFAULT 20000 CHECK (labour_rate_fen BETWEEN 0 AND 100000000);

-- One work order per visit. `status` is the current state; `version` counts the changes and is
-- the compare-and-set guard (every change is `... WHERE version = $seen`). The event log
-- (work_order_events) is the source of truth for the timeline and the SLA clocks.
-- `skills` is what the job needs (from the booking, or the desk's choice for a walk-in).
-- `tracking_token` opens the read-only tracking page without signing in (printed as a QR code).
CREATE TABLE work_orders (
    id                   INTEGER PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    outlet_id            INTEGER NOT NULL REFERENCES outlets (id),
    customer_id          INTEGER NOT NULL REFERENCES customers (id),
    car_id               INTEGER NOT NULL REFERENCES cars (id),
    booking_id           INTEGER UNIQUE REFERENCES bookings (id),
    rework_of            INTEGER REFERENCES work_orders (id),
    status               TEXT NOT NULL CHECK (status IN ('checked_in', 'dispatched', 'diagnosing', 'awaiting_approval', 'in_repair', 'waiting_parts', 'quality_check', 'ready_for_pickup', 'settled', 'delivered', 'cancelled')),
    version              INTEGER NOT NULL,
    urgent               BOOLEAN NOT NULL,
    skills               TEXT NOT NULL,
    customer_type        TEXT NOT NULL CHECK (customer_type IN ('new_car', 'returning', 'complaint')),
    repair_category      TEXT NOT NULL CHECK (repair_category IN ('complete_vehicle', 'assembly', 'second_level_maintenance', 'first_level_maintenance', 'minor', 'special')),
    odometer_in_km       INTEGER NOT NULL CHECK (odometer_in_km BETWEEN 0 AND 2000000),
    fuel_percent         INTEGER NOT NULL CHECK (fuel_percent BETWEEN 0 AND 100),
    customer_words       TEXT NOT NULL,
    expectations         TEXT NOT NULL,
    walk_around          TEXT NOT NULL,
    promised_at          TEXT NOT NULL,
    old_parts            TEXT NOT NULL CHECK (old_parts IN ('returned', 'waived')),
    technician_id        INTEGER REFERENCES technicians (id),
    certificate_number   TEXT,
    odometer_out_km      INTEGER CHECK (odometer_out_km BETWEEN 0 AND 2000000),
    warranty_days        INTEGER,
    warranty_km          INTEGER,
    warranty_until       TEXT,
    warranty_until_km    INTEGER,
    tracking_token       TEXT NOT NULL UNIQUE,
    opened_by_staff_id   INTEGER NOT NULL REFERENCES staff (id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX work_orders_outlet_status ON work_orders (outlet_id, status);
CREATE INDEX work_orders_customer ON work_orders (customer_id);
CREATE INDEX work_orders_car ON work_orders (car_id);
CREATE INDEX work_orders_technician ON work_orders (technician_id);

-- Every transition and note: who, when, from, to, why. `event` is NULL for the check-in
-- (from_status NULL) and for notes (from_status = to_status). `public` notes are shown to the
-- customer; transitions always are. Append-only.
CREATE TABLE work_order_events (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    at            TEXT NOT NULL,
    actor_kind    TEXT NOT NULL CHECK (actor_kind IN ('customer', 'staff', 'system')),
    actor_id      INTEGER,
    actor_name    TEXT NOT NULL,
    event         TEXT,
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    note          TEXT NOT NULL,
    public        BOOLEAN NOT NULL
);
CREATE INDEX work_order_events_order ON work_order_events (work_order_id, id);

-- The customer's decisions: who signed, when and how, with the signature pad's PNG.
CREATE TABLE approvals (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    customer_id   INTEGER NOT NULL REFERENCES customers (id),
    at            TEXT NOT NULL,
    method        TEXT NOT NULL CHECK (method IN ('portal_signature')),
    signer_name   TEXT NOT NULL,
    signature_png TEXT NOT NULL
);

-- Estimate lines: labour (hours × rate) and parts (quantity × unit price) apart. Money in fen,
-- hours and quantities in hundredths. `approval` is `Approval::as_str`; a line decided by the
-- customer points at that decision. Decided lines cannot change (triggers below).
CREATE TABLE work_order_lines (
    id               INTEGER PRIMARY KEY,
    work_order_id    INTEGER NOT NULL REFERENCES work_orders (id),
    kind             TEXT NOT NULL CHECK (kind IN ('labour', 'part')),
    item             TEXT NOT NULL,
    reason           TEXT NOT NULL,
    part_code        TEXT NOT NULL,
    origin           TEXT CHECK (origin IN ('original', 'equivalent', 'repaired')),
    count_hundredths INTEGER NOT NULL CHECK (count_hundredths > 0),
    unit_fen         INTEGER NOT NULL CHECK (unit_fen >= 0),
    amount_fen       INTEGER NOT NULL CHECK (amount_fen >= 0),
    approval         TEXT NOT NULL CHECK (approval IN ('agreed', 'pending', 'approved', 'declined')),
    approval_id      INTEGER REFERENCES approvals (id),
    added_by_staff_id INTEGER NOT NULL REFERENCES staff (id),
    added_at         TEXT NOT NULL
);
CREATE INDEX work_order_lines_order ON work_order_lines (work_order_id);

-- The notifications outbox: what the customer is told, written in the same transaction as the
-- change. A background sender delivers and marks rows (log sender by default, or a webhook).
CREATE TABLE notifications (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers (id),
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    kind          TEXT NOT NULL CHECK (kind IN ('checked_in', 'approval_requested', 'ready_for_pickup', 'delayed')),
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    sent_at       TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX notifications_unsent ON notifications (sent_at, id);
CREATE INDEX notifications_order ON notifications (work_order_id);

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
