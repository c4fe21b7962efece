-- The hourly hapus_draf job is gone: the retention job deletes expired registration drafts (all of them, also
-- those that became an akun, whose payload still held NIK and contact data). A hapus_draf job already queued
-- would find no worker; it is removed with its kind.
DELETE FROM river_job WHERE kind = 'hapus_draf' AND state IN ('available', 'scheduled', 'retryable', 'pending');
