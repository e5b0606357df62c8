-- The indicators' daily figures (issue 14): one row per outlet and calendar day holding the
-- day's counts that add up over days (orders handed back and their outcomes, NPS answers and
-- ratings, surveys sent and answered, bookings, orders opened and cancelled), so a quarter of
-- a large group is about ninety rows per outlet rather than every order. A change to what a day counts marks
-- the day in `kpi_day_marks`, in the change's own transaction; the day is then recounted from
-- the records (`services::kpi_days`) before it is read, and by the worker. Complaints and
-- follow-up calls, which depend on the time of asking, are still read from their tables.
CREATE TABLE kpi_days (
    outlet_id BIGINT NOT NULL REFERENCES outlets (id),
    day       DATE NOT NULL,
    delivered INTEGER NOT NULL DEFAULT 0,
    on_time INTEGER NOT NULL DEFAULT 0,
    inspected INTEGER NOT NULL DEFAULT 0,
    first_passed INTEGER NOT NULL DEFAULT 0,
    reworks INTEGER NOT NULL DEFAULT 0,
    first_update_clocked INTEGER NOT NULL DEFAULT 0,
    first_update_met INTEGER NOT NULL DEFAULT 0,
    processing_met INTEGER NOT NULL DEFAULT 0,
    reception_minutes INTEGER NOT NULL DEFAULT 0,
    repair_minutes INTEGER NOT NULL DEFAULT 0,
    inspection_minutes INTEGER NOT NULL DEFAULT 0,
    handover_minutes INTEGER NOT NULL DEFAULT 0,
    approval_minutes INTEGER NOT NULL DEFAULT 0,
    worked_minutes INTEGER NOT NULL DEFAULT 0,
    nps_0 INTEGER NOT NULL DEFAULT 0,
    nps_1 INTEGER NOT NULL DEFAULT 0,
    nps_2 INTEGER NOT NULL DEFAULT 0,
    nps_3 INTEGER NOT NULL DEFAULT 0,
    nps_4 INTEGER NOT NULL DEFAULT 0,
    nps_5 INTEGER NOT NULL DEFAULT 0,
    nps_6 INTEGER NOT NULL DEFAULT 0,
    nps_7 INTEGER NOT NULL DEFAULT 0,
    nps_8 INTEGER NOT NULL DEFAULT 0,
    nps_9 INTEGER NOT NULL DEFAULT 0,
    nps_10 INTEGER NOT NULL DEFAULT 0,
    attitude_sum INTEGER NOT NULL DEFAULT 0,
    attitude_count INTEGER NOT NULL DEFAULT 0,
    professionalism_sum INTEGER NOT NULL DEFAULT 0,
    professionalism_count INTEGER NOT NULL DEFAULT 0,
    timeliness_sum INTEGER NOT NULL DEFAULT 0,
    timeliness_count INTEGER NOT NULL DEFAULT 0,
    price_transparency_sum INTEGER NOT NULL DEFAULT 0,
    price_transparency_count INTEGER NOT NULL DEFAULT 0,
    repair_quality_sum INTEGER NOT NULL DEFAULT 0,
    repair_quality_count INTEGER NOT NULL DEFAULT 0,
    surveys_sent INTEGER NOT NULL DEFAULT 0,
    surveys_answered INTEGER NOT NULL DEFAULT 0,
    arrived INTEGER NOT NULL DEFAULT 0,
    no_shows INTEGER NOT NULL DEFAULT 0,
    booked_minutes INTEGER NOT NULL DEFAULT 0,
    orders_opened INTEGER NOT NULL DEFAULT 0,
    walk_ins INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (outlet_id, day)
);

-- The day's fault frequency (guideline 1.4, 5.2): per outlet and day the orders opened that day
-- (not cancelled), grouped by labour line (`finding` 1: added after check-in, 0: agreed at
-- reception), car model and mileage band at check-in: how many orders, and how many of them
-- had it done. Recounted with the day's other counts.
CREATE TABLE kpi_fault_days (
    outlet_id BIGINT NOT NULL REFERENCES outlets (id),
    day       DATE NOT NULL,
    finding   INTEGER NOT NULL,
    item      TEXT NOT NULL,
    item_en   TEXT NOT NULL,
    model     TEXT NOT NULL,
    band      INTEGER NOT NULL,
    orders    INTEGER NOT NULL,
    done      INTEGER NOT NULL
);
CREATE INDEX kpi_fault_days_day ON kpi_fault_days (outlet_id, day, finding);

-- Changes to what a day counts, one row each (appended, so changes never wait on each other):
-- a day with marks is recounted, and the marks read before the recount are then deleted with
-- the new counts stored; a mark written meanwhile stays for the next recount. Every outlet's
-- days are marked at the first start after this migration, and counted then.
CREATE TABLE kpi_day_marks (
    id        BIGSERIAL PRIMARY KEY,
    outlet_id BIGINT NOT NULL REFERENCES outlets (id),
    day       DATE NOT NULL
);
CREATE INDEX kpi_day_marks_day ON kpi_day_marks (day, outlet_id);
