-- unmask schema, version 2: threat intelligence. Portable SQL.

-- One row per (indicator, value): a STIX pattern with `IN (...)` gives several.
CREATE TABLE indicators (
    id           INTEGER PRIMARY KEY,
    indicator_id TEXT NOT NULL,
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    op           TEXT NOT NULL,
    value        TEXT NOT NULL,
    masked       TEXT NOT NULL,
    valid_from   TEXT,
    valid_until  TEXT,
    confidence   INTEGER,
    description  TEXT NOT NULL,
    file         TEXT NOT NULL,
    format       TEXT NOT NULL,
    line         BIGINT,
    byte_offset  BIGINT,
    -- The import that last wrote this row: a retro-hunt looks only at what is new.
    source_id    BIGINT NOT NULL,
    UNIQUE (indicator_id, kind, op, value)
);
CREATE INDEX indicators_by_value ON indicators (kind, value);

-- A MISP warning list, replaced whole when a list of the same name is imported again.
CREATE TABLE warninglists (
    name                TEXT PRIMARY KEY,
    version             BIGINT,
    description         TEXT NOT NULL,
    kind                TEXT NOT NULL,
    entries             TEXT NOT NULL,
    matching_attributes TEXT NOT NULL,
    file                TEXT NOT NULL,
    format              TEXT NOT NULL,
    line                BIGINT,
    byte_offset         BIGINT
);
