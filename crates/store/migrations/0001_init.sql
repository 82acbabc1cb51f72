-- unmask schema, version 1. Portable SQL: the PostgreSQL store runs the same statements.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per imported file; (format, digest) makes re-imports of the same bytes a no-op.
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    file        TEXT NOT NULL,
    format      TEXT NOT NULL,
    digest      TEXT NOT NULL,
    records     BIGINT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (format, digest)
);

CREATE TABLE subjects (
    ref         TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    attributes  TEXT NOT NULL,
    file        TEXT NOT NULL,
    format      TEXT NOT NULL,
    line        BIGINT,
    byte_offset BIGINT
);

CREATE TABLE observations (
    id          INTEGER PRIMARY KEY,
    subject     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    canonical   TEXT NOT NULL,
    masked      TEXT NOT NULL,
    detail      TEXT,
    role        TEXT NOT NULL,
    file        TEXT NOT NULL,
    format      TEXT NOT NULL,
    line        BIGINT,
    byte_offset BIGINT,
    UNIQUE (subject, kind, canonical, role)
);
CREATE INDEX observations_by_value ON observations (kind, canonical);

CREATE TABLE relations (
    id          INTEGER PRIMARY KEY,
    from_ref    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    to_kind     TEXT NOT NULL,
    to_value    TEXT NOT NULL,
    file        TEXT NOT NULL,
    format      TEXT NOT NULL,
    line        BIGINT,
    byte_offset BIGINT,
    UNIQUE (from_ref, kind, to_kind, to_value)
);

-- The latest analysis replaces the previous one whole.
CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    subject     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    explanation TEXT NOT NULL,
    evidence    TEXT NOT NULL
);
CREATE INDEX findings_by_subject ON findings (subject);

CREATE TABLE clusters (
    id      TEXT PRIMARY KEY,
    members TEXT NOT NULL,
    edges   TEXT NOT NULL
);

CREATE TABLE risk (
    subject TEXT PRIMARY KEY,
    score   INTEGER NOT NULL
);
