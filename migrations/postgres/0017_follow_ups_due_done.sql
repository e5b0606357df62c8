-- The indicator "follow-up calls done on time" counts a period's calls by outlet and due time,
-- and whether each was done by then: with done_at in the index it reads the index alone, however
-- many routine calls the period holds (one per delivered order).
DROP INDEX follow_ups_outlet_due;
CREATE INDEX follow_ups_outlet_due ON follow_ups (outlet_id, due_at, done_at);
