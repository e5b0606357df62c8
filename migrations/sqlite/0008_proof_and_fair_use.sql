-- One-time codes texted to prove a mobile number (registration, password reset). Only the
-- code's hash is kept; a code expires, is used once, and dies after a few wrong entries.
CREATE TABLE phone_codes (
    id         INTEGER PRIMARY KEY,
    phone      TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'reset_password')),
    code_hash  TEXT NOT NULL,
    sent_at    TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    tries      INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),
    used_at    TEXT
);
CREATE INDEX phone_codes_number ON phone_codes (phone, purpose, sent_at);

-- Fair use per customer, in the outlet's booking policy.
ALTER TABLE outlets ADD COLUMN max_active_bookings INTEGER NOT NULL DEFAULT 3 CHECK (max_active_bookings BETWEEN 1 AND 50);
ALTER TABLE outlets ADD COLUMN max_bookings_per_window INTEGER NOT NULL DEFAULT 2 CHECK (max_bookings_per_window BETWEEN 1 AND 20);
ALTER TABLE outlets ADD COLUMN max_complaints_per_day INTEGER NOT NULL DEFAULT 3 CHECK (max_complaints_per_day BETWEEN 1 AND 50);
