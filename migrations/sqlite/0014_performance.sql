-- Performance (issue 14). What each delivered order contributes to the indicators, read once
-- from its events when it is handed back (in the same transaction) and kept beside it, so a
-- quarter of a large group is summed rather than re-read event by event. `delivered_on` is the
-- outlet's calendar day. Orders delivered before this table existed get their row at start-up.
CREATE TABLE order_outcomes (
    work_order_id      INTEGER PRIMARY KEY REFERENCES work_orders (id),
    outlet_id          INTEGER NOT NULL REFERENCES outlets (id),
    delivered_on       TEXT NOT NULL,
    delivered_at       TEXT NOT NULL,
    advisor_id         INTEGER NOT NULL REFERENCES staff (id),
    technician_id      INTEGER REFERENCES technicians (id),
    on_time            BOOLEAN NOT NULL,
    first_check_passed BOOLEAN,
    rework             BOOLEAN NOT NULL,
    first_update_met   BOOLEAN,
    processing_met     BOOLEAN NOT NULL,
    reception_minutes  INTEGER NOT NULL,
    repair_minutes     INTEGER NOT NULL,
    inspection_minutes INTEGER NOT NULL,
    handover_minutes   INTEGER NOT NULL,
    approval_minutes   INTEGER NOT NULL,
    worked_minutes     INTEGER NOT NULL
);
CREATE INDEX order_outcomes_outlet_day ON order_outcomes (outlet_id, delivered_on);

-- The periods' other facts are read by time at the outlets in scope, from indexes that hold
-- what is counted. A survey keeps its order's outlet (set when it is opened at the hand-over),
-- so the surveys of a quarter are found without reading every order of the outlet.
ALTER TABLE surveys ADD COLUMN outlet_id INTEGER REFERENCES outlets (id);
UPDATE surveys SET outlet_id = (SELECT w.outlet_id FROM work_orders w WHERE w.id = surveys.work_order_id);
CREATE INDEX surveys_outlet_created ON surveys (outlet_id, created_at, answered_at);
CREATE INDEX surveys_outlet_answered ON surveys (outlet_id, answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX complaints_outlet_filed ON complaints (outlet_id, filed_at);
CREATE INDEX work_orders_outlet_created ON work_orders (outlet_id, created_at, booking_id);
CREATE INDEX follow_ups_outlet_due ON follow_ups (outlet_id, due_at);
-- A technician's open jobs (the boards' load, the open hours' head count) without reading
-- every order they ever had.
DROP INDEX work_orders_technician;
CREATE INDEX work_orders_technician ON work_orders (technician_id, status);

-- Improvement actions (PDCA, guideline 1.4, 4.3, 7.3): a problem at an outlet, usually an
-- indicator that missed its target in a period, with its cause and plan (owner, due day),
-- what was done, the indicator over the following period, and the decision. `stage` is where
-- the cycle stands: `do` once planned, `check` once done, `plan` again after "try again",
-- `closed` once standardised.
CREATE TABLE improvement_actions (
    id                 INTEGER PRIMARY KEY,
    outlet_id          INTEGER NOT NULL REFERENCES outlets (id),
    kpi                TEXT,
    period             TEXT NOT NULL,
    stage              TEXT NOT NULL CHECK (stage IN ('plan', 'do', 'check', 'closed')),
    version            INTEGER NOT NULL DEFAULT 0,
    round              INTEGER NOT NULL DEFAULT 1,
    problem            TEXT NOT NULL,
    cause              TEXT NOT NULL,
    plan               TEXT NOT NULL,
    owner_staff_id     INTEGER NOT NULL REFERENCES staff (id),
    due_on             TEXT NOT NULL,
    done               TEXT NOT NULL DEFAULT '',
    done_at            TEXT,
    decision           TEXT CHECK (decision IN ('standardise', 'try_again')),
    decided_at         TEXT,
    opened_by_staff_id INTEGER NOT NULL REFERENCES staff (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX improvement_actions_outlet ON improvement_actions (outlet_id, stage, due_on);
