-- The organisation (issue 13): headquarters → regions → outlets, staff placed at one of those
-- levels with one or more roles, and their certificates.
--
-- SQLite changes a column's NOT NULL only by rebuilding the table, and a dozen tables refer to
-- `staff`: this is SQLite's own procedure (build the new table, copy, drop, rename). The
-- migrations run with foreign keys off and every reference is checked after them
-- (`server::db::sqlite::migrate`).

-- A regional service centre: a group of outlets a regional manager coordinates.
CREATE TABLE regions (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES dealer_groups (id),
    code       TEXT NOT NULL UNIQUE,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- An outlet belongs to at most one region (none: headquarters runs it directly).
ALTER TABLE outlets ADD COLUMN region_id INTEGER REFERENCES regions (id);

-- Where a member of staff is placed, which is also what they may reach:
--   outlet_id set   → an outlet (their outlet's work);
--   region_id set   → a region (its outlets);
--   neither         → headquarters (the whole group).
-- `working_outlet_id` is the outlet a regional or HQ person has chosen to work in (the
-- outlet switcher); it is checked against their placement each time it is read.
-- `must_change_password`: a manager reset it; the person sets their own at next sign-in.
-- `experience_since`: when their trade experience started (the guideline's 2 and 3 years).
CREATE TABLE staff_v11 (
    id                   INTEGER PRIMARY KEY,
    group_id             INTEGER NOT NULL REFERENCES dealer_groups (id),
    region_id            INTEGER REFERENCES regions (id),
    outlet_id            INTEGER REFERENCES outlets (id),
    working_outlet_id    INTEGER REFERENCES outlets (id),
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    active               BOOLEAN NOT NULL DEFAULT TRUE,
    experience_since     TEXT,
    created_at           TEXT NOT NULL,
    CHECK (region_id IS NULL OR outlet_id IS NULL)
);

-- A person's roles (one or several: advisor + inspector at a small outlet).
CREATE TABLE staff_roles (
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    role     TEXT NOT NULL CHECK (role IN ('service_advisor', 'technician', 'quality_inspector', 'customer_service_manager', 'admin', 'regional_manager', 'hq_admin')),
    PRIMARY KEY (staff_id, role)
);

-- The customer-service manager worked the whole group from an outlet: they are placed at
-- headquarters now, still working from that outlet's boards.
INSERT INTO staff_v11 (id, group_id, region_id, outlet_id, working_outlet_id, username, display_name,
                       password_hash, must_change_password, active, experience_since, created_at)
SELECT s.id, o.group_id, NULL,
       CASE WHEN s.role = 'customer_service_manager' THEN NULL ELSE s.outlet_id END,
       CASE WHEN s.role = 'customer_service_manager' THEN s.outlet_id ELSE NULL END,
       s.username, s.display_name, s.password_hash, FALSE, s.active, NULL, s.created_at
FROM staff s JOIN outlets o ON o.id = s.outlet_id;
INSERT INTO staff_roles (staff_id, role) SELECT id, role FROM staff;

DROP TABLE staff;
ALTER TABLE staff_v11 RENAME TO staff;
CREATE INDEX staff_outlet ON staff (outlet_id);
CREATE INDEX staff_region ON staff (region_id);

-- A certificate for a skill (资格证书). A technician whose certificates for a skill have all
-- expired is not proposed, and cannot be dispatched, for work that needs it.
CREATE TABLE staff_certificates (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    skill       TEXT NOT NULL,
    issuer      TEXT NOT NULL,
    number      TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (valid_from <= valid_until)
);
CREATE INDEX staff_certificates_staff ON staff_certificates (staff_id);
