-- The tracking link (the QR code on the check-in sheet) is a bystander's view of the repair;
-- it stops working this many days after delivery (per outlet).
ALTER TABLE outlets ADD COLUMN tracking_link_days INTEGER NOT NULL DEFAULT 30 CHECK (tracking_link_days BETWEEN 1 AND 365);
