-- Targets per indicator and service points (issue 14).
--
-- Targets per indicator (guideline ch. 7): headquarters sets the group's, a manager an
-- outlet's. A figure is compared with its outlet's target, else the group's, else the
-- guideline's (`Kpi::guideline`). `tenths` is in the figure's own unit: 95 % is 950, 4.5
-- points is 45, 24 hours is 240; whether it is a floor or a ceiling follows from the indicator.
-- `outlet_id` NULL is the group's own target.
CREATE TABLE kpi_targets (
    id              BIGSERIAL PRIMARY KEY,
    group_id        BIGINT NOT NULL REFERENCES dealer_groups (id),
    outlet_id       BIGINT REFERENCES outlets (id),
    kpi             TEXT NOT NULL,
    tenths          INTEGER NOT NULL,
    set_by_staff_id BIGINT NOT NULL REFERENCES staff (id),
    set_at          TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX kpi_targets_group ON kpi_targets (group_id, kpi) WHERE outlet_id IS NULL;
CREATE UNIQUE INDEX kpi_targets_outlet ON kpi_targets (outlet_id, kpi) WHERE outlet_id IS NOT NULL;

-- Service points' weights (服务积分制, guideline 7.4), set by headquarters for its group: one
-- row per measure (`domain::scorecard::PointsFor`); a measure without a row weighs its default.
CREATE TABLE service_point_weights (
    group_id        BIGINT NOT NULL REFERENCES dealer_groups (id),
    measure         TEXT NOT NULL,
    weight          INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100),
    set_by_staff_id BIGINT NOT NULL REFERENCES staff (id),
    set_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, measure)
);
-- A technician's assessments are found by their account; reworks by the order they redo.
CREATE INDEX work_orders_rework_of ON work_orders (rework_of) WHERE rework_of IS NOT NULL;
