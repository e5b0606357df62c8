-- The service catalogue (issue 13): each dealer group keeps its own services, headquarters
-- edits them in the console, and each outlet offers the ones it chooses. The price the portal
-- publishes (明码标价) is the standard labour hours at the outlet's labour rate plus the
-- standard parts at their list price. Existing services belong to the first group.
ALTER TABLE service_types ADD COLUMN group_id BIGINT REFERENCES dealer_groups (id);
UPDATE service_types SET group_id = (SELECT MIN(id) FROM dealer_groups);
ALTER TABLE service_types ALTER COLUMN group_id SET NOT NULL;
ALTER TABLE service_types DROP CONSTRAINT service_types_code_key;
ALTER TABLE service_types ADD CONSTRAINT service_types_group_code UNIQUE (group_id, code);

-- Which outlet offers which service. A service no outlet offers cannot be booked; a booking
-- made before a service was withdrawn keeps it.
CREATE TABLE outlet_services (
    outlet_id       BIGINT NOT NULL REFERENCES outlets (id),
    service_type_id BIGINT NOT NULL REFERENCES service_types (id),
    PRIMARY KEY (outlet_id, service_type_id)
);
INSERT INTO outlet_services (outlet_id, service_type_id)
SELECT o.id, s.id FROM outlets o JOIN service_types s ON s.group_id = o.group_id;
