-- The initial estimate (初始估价): at check-in the booked (or walk-in) services become the work
-- order's first lines, from each service's standard work, which the customer consents to when
-- the order is opened.

-- Standard labour hours of a service (标准工时, hundredths), charged at the outlet's rate; 0 for
-- a service priced only once diagnosed.
ALTER TABLE service_types ADD COLUMN labour_hundredths INTEGER NOT NULL DEFAULT 0 CHECK (labour_hundredths BETWEEN 0 AND 10000);

-- The parts a service normally uses, at their list price (quantity in hundredths).
CREATE TABLE service_parts (
    id                  INTEGER PRIMARY KEY,
    service_type_id     INTEGER NOT NULL REFERENCES service_types (id),
    position            INTEGER NOT NULL,
    part_code           TEXT NOT NULL,
    name_zh             TEXT NOT NULL,
    name_en             TEXT NOT NULL,
    origin              TEXT NOT NULL CHECK (origin IN ('original', 'equivalent', 'repaired')),
    brand               TEXT NOT NULL DEFAULT '',
    spec                TEXT NOT NULL DEFAULT '',
    unit                TEXT NOT NULL,
    quantity_hundredths INTEGER NOT NULL CHECK (quantity_hundredths BETWEEN 1 AND 100000),
    unit_fen            BIGINT NOT NULL CHECK (unit_fen BETWEEN 0 AND 100000000),
    UNIQUE (service_type_id, position)
);

-- A line from the catalogue keeps the item's English name too, so the order reads in either
-- language; a typed item keeps '' and reads as typed.
ALTER TABLE work_order_lines ADD COLUMN item_en TEXT NOT NULL DEFAULT '';
