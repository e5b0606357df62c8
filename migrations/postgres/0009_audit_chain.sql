-- A tamper-evident audit log (guideline 5.4). Every line is sealed in the transaction that
-- writes it: `seq` numbers the lines 1, 2, 3… with no gaps, `prev_hash` is the hash of line
-- `seq - 1` (64 zeros for line 1) and `hash` is SHA-256 over the line's own fields and
-- `prev_hash` (server::audit says exactly which bytes). Altering a stored line breaks its hash;
-- deleting one leaves a gap in `seq` or a head that points past the last line.
-- Lines written before this migration are sealed, in id order, when the server next starts.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- The chain's head: the last line's number and hash. Each new line first updates this one row,
-- which makes audit writers take turns (SQLite's write lock; PostgreSQL's row lock), so the
-- chain never forks. Every writer seals its line just before it commits.
CREATE TABLE audit_chain_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
