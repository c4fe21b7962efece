-- A message to the reporter of an Anonim report (rahasia): its address would name them, so in production,
-- where each email's body is dropped as it is delivered, the address goes with it; the Operasi page never
-- shows it.
ALTER TABLE outbox ADD COLUMN rahasia boolean NOT NULL DEFAULT false;
