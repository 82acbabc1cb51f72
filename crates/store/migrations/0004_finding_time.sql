-- unmask schema, version 4: when a finding over telemetry would have fired (RFC 3339, UTC), so
-- `eval` can report the time from hire to detection. Portable SQL.
ALTER TABLE findings ADD COLUMN at TEXT;
