-- AfterSales foundation schema (SQLite dialect).
--
-- Its PostgreSQL twin is migrations/postgres/0001_foundation.sql: the same tables, columns and
-- meaning; only the types differ (SQLite keeps dates and instants as ISO-8601 TEXT).
-- Enumerations are TEXT holding the Rust enum's `as_str` (src/domain), the same on both.
-- Migrations are append-only: change the schema with a new numbered file, never by editing.

-- One installation serves one dealer group (headquarters sets policy) with several outlets.
CREATE TABLE dealer_groups (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

-- An outlet (网点) and its booking policy. Defaults are the guideline's numbers.
CREATE TABLE outlets (
    id                 INTEGER PRIMARY KEY,
    group_id           INTEGER NOT NULL REFERENCES dealer_groups (id),
    code               TEXT NOT NULL UNIQUE,
    name_zh            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    address_zh         TEXT NOT NULL,
    address_en         TEXT NOT NULL,
    phone              TEXT NOT NULL,
    time_zone          TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    slot_minutes       INTEGER NOT NULL DEFAULT 30 CHECK (slot_minutes BETWEEN 5 AND 240),
    cutoff_hours       INTEGER NOT NULL DEFAULT 2 CHECK (cutoff_hours BETWEEN 0 AND 168),
    horizon_days       INTEGER NOT NULL DEFAULT 14 CHECK (horizon_days BETWEEN 1 AND 90),
    min_notice_minutes INTEGER NOT NULL DEFAULT 60 CHECK (min_notice_minutes BETWEEN 0 AND 10080)
);

-- Opening hours per weekday (0 = Monday) in minutes after local midnight. No row: closed.
CREATE TABLE opening_hours (
    outlet_id     INTEGER NOT NULL REFERENCES outlets (id),
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens_minute  INTEGER NOT NULL,
    closes_minute INTEGER NOT NULL,
    PRIMARY KEY (outlet_id, weekday),
    CHECK (0 <= opens_minute AND opens_minute < closes_minute AND closes_minute <= 1440)
);

-- Service bays (工位). A booking holds one bay for its whole duration.
CREATE TABLE bays (
    id        INTEGER PRIMARY KEY,
    outlet_id INTEGER NOT NULL REFERENCES outlets (id),
    name      TEXT NOT NULL,
    active    BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (outlet_id, name)
);

-- Staff accounts; `role` is `StaffRole::as_str`. Passwords are argon2 PHC strings.
CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    outlet_id     INTEGER NOT NULL REFERENCES outlets (id),
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('service_advisor', 'technician', 'quality_inspector', 'customer_service_manager', 'admin')),
    password_hash TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TEXT NOT NULL
);

-- Technicians with their skills (`Skill::as_str`, comma-separated). A booking needs one
-- technician holding all of its skills. `staff_id` links the technician's own sign-in, if any.
CREATE TABLE technicians (
    id        INTEGER PRIMARY KEY,
    outlet_id INTEGER NOT NULL REFERENCES outlets (id),
    staff_id  INTEGER REFERENCES staff (id),
    name      TEXT NOT NULL,
    skills    TEXT NOT NULL,
    active    BOOLEAN NOT NULL DEFAULT TRUE
);

-- What customers can book; a booking's duration is the sum of its services'.
CREATE TABLE service_types (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
    skill            TEXT NOT NULL,
    sort_order       INTEGER NOT NULL DEFAULT 0,
    active           BOOLEAN NOT NULL DEFAULT TRUE
);

-- Car owners. `phone` is the 11-digit mobile number and the sign-in name.
-- `password_hash` is NULL for a record an advisor made at the desk; the owner can claim it.
CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY,
    phone               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    password_hash       TEXT,
    created_by_staff_id INTEGER REFERENCES staff (id),
    created_at          TEXT NOT NULL
);

-- A customer's cars. The same plate cannot be added twice by one customer.
CREATE TABLE cars (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    plate       TEXT NOT NULL,
    model       TEXT NOT NULL,
    vin         TEXT,
    mileage_km  INTEGER NOT NULL CHECK (mileage_km BETWEEN 0 AND 2000000),
    created_at  TEXT NOT NULL,
    CONSTRAINT cars_customer_plate_key UNIQUE (customer_id, plate)
);

-- Bookings (预约). Times are in the outlet's zone: `local_date` plus minutes after midnight;
-- `starts_at` is the same start as a UTC instant, for the change cut-off. `skills` is what the
-- booking needs, fixed at booking time so later catalogue edits do not move capacity.
CREATE TABLE bookings (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    outlet_id           INTEGER NOT NULL REFERENCES outlets (id),
    customer_id         INTEGER NOT NULL REFERENCES customers (id),
    car_id              INTEGER NOT NULL REFERENCES cars (id),
    local_date          TEXT NOT NULL,
    start_minute        INTEGER NOT NULL,
    end_minute          INTEGER NOT NULL,
    starts_at           TEXT NOT NULL,
    skills              TEXT NOT NULL,
    urgent              BOOLEAN NOT NULL,
    symptoms            TEXT NOT NULL,
    description         TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('booked', 'arrived', 'no_show', 'cancelled')),
    channel             TEXT NOT NULL CHECK (channel IN ('online', 'desk')),
    created_by_staff_id INTEGER REFERENCES staff (id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (0 <= start_minute AND start_minute < end_minute AND end_minute <= 1440)
);
CREATE INDEX bookings_outlet_day ON bookings (outlet_id, local_date);
CREATE INDEX bookings_customer ON bookings (customer_id);
CREATE INDEX bookings_car_day ON bookings (car_id, local_date);

CREATE TABLE booking_services (
    booking_id      INTEGER NOT NULL REFERENCES bookings (id),
    service_type_id INTEGER NOT NULL REFERENCES service_types (id),
    PRIMARY KEY (booking_id, service_type_id)
);

-- Every state change: who (actor), what (action on entity/key), when, and a JSON detail that
-- never holds secrets or unmasked phone numbers.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('customer', 'staff', 'system')),
    actor_id   INTEGER,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_key);

-- Sign-in attempts per account key (`customer:<phone>`, `staff:<username>`), for throttling.
-- An attempt is recorded before the password is checked and the key's rows are cleared on
-- success, so the rows left are failures (and attempts still being checked).
CREATE TABLE sign_in_failures (
    id          INTEGER PRIMARY KEY,
    account_key TEXT NOT NULL,
    failed_at   TEXT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (account_key, failed_at);

-- tower-sessions records (tower-sessions-sqlx-store's SQLite layout; expiry in Unix seconds).
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    data        BLOB NOT NULL,
    expiry_date INTEGER NOT NULL
);
