-- The service catalogue (issue 13): each dealer group keeps its own services, headquarters
-- edits them in the console, and each outlet offers the ones it chooses. The price the portal
-- publishes (明码标价) is the standard labour hours at the outlet's labour rate plus the
-- standard parts at their list price.
--
-- Service codes become unique per group, which SQLite changes only by rebuilding the table
-- (two tables refer to it; the migrations run with foreign keys off and check every reference
-- afterwards, `server::db::sqlite::migrate`). Existing services belong to the first group.
CREATE TABLE service_types_v13 (
    id                INTEGER PRIMARY KEY,
    group_id          INTEGER NOT NULL REFERENCES dealer_groups (id),
    code              TEXT NOT NULL,
    name_zh           TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    skill             TEXT NOT NULL,
    sort_order        INTEGER NOT NULL DEFAULT 0,
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    labour_hundredths INTEGER NOT NULL DEFAULT 0 CHECK (labour_hundredths BETWEEN 0 AND 10000),
    UNIQUE (group_id, code)
);
INSERT INTO service_types_v13 (id, group_id, code, name_zh, name_en, duration_minutes, skill,
    sort_order, active, labour_hundredths)
SELECT id, (SELECT MIN(id) FROM dealer_groups), code, name_zh, name_en, duration_minutes, skill,
    sort_order, active, labour_hundredths
FROM service_types;
DROP TABLE service_types;
ALTER TABLE service_types_v13 RENAME TO service_types;

-- Which outlet offers which service. A service no outlet offers cannot be booked; a booking
-- made before a service was withdrawn keeps it.
CREATE TABLE outlet_services (
    outlet_id       INTEGER NOT NULL REFERENCES outlets (id),
    service_type_id INTEGER NOT NULL REFERENCES service_types (id),
    PRIMARY KEY (outlet_id, service_type_id)
);
INSERT INTO outlet_services (outlet_id, service_type_id)
SELECT o.id, s.id FROM outlets o JOIN service_types s ON s.group_id = o.group_id;
