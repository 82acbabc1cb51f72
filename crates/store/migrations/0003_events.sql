-- unmask schema, version 3: normalised telemetry events. Portable SQL.

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    -- A digest of the format, time and flat fields: the same event from an overlapping export
    -- is stored once.
    event_key   TEXT NOT NULL UNIQUE,
    time        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    product     TEXT,
    category    TEXT,
    service     TEXT,
    user_id     TEXT,
    device      TEXT,
    ip          TEXT,
    fields      TEXT NOT NULL,
    file        TEXT NOT NULL,
    format      TEXT NOT NULL,
    line        BIGINT,
    byte_offset BIGINT,
    source_id   BIGINT NOT NULL
);
CREATE INDEX events_by_time ON events (time);
CREATE INDEX events_by_user ON events (user_id);
CREATE INDEX events_by_device ON events (device);
