-- A staff account created with a one-time password (portal staff create) must choose its own password at
-- its first sign-in.
ALTER TABLE staff ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
