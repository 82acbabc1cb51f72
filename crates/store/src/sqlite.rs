//! The embedded SQLite store.

use crate::{
    Analysis, Dataset, EventImport, EventWriter, ImportOutcome, Source, SourceRecord, Store,
    StoreError,
};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;
use unmask_model::{
    Artifact, ArtifactKind, Batch, Cluster, Event, EventKind, Finding, Indicator, IndicatorKind,
    ListKind, LogSource, Matcher, Observation, Provenance, Relation, RelationKind, Sensitive,
    Severity, Subject, SubjectKind, SubjectRef, Target, WarningList,
};

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_intel.sql"),
    include_str!("../migrations/0003_events.sql"),
    include_str!("../migrations/0004_finding_time.sql"),
];

pub struct SqliteStore {
    conn: Connection,
}

fn q(doing: &'static str) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |source| StoreError::Query { doing, source }
}

fn corrupt(table: &'static str, detail: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        table,
        detail: detail.into(),
    }
}

impl SqliteStore {
    /// Open or create the database file and bring its schema up to date.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_string(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        Self::init(conn, path)
    }

    /// A private in-memory database, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: ":memory:".into(),
            source,
        })?;
        Self::init(conn, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Self, StoreError> {
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )
        .map_err(|source| StoreError::Open {
            path: path.to_string(),
            source,
        })?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(q("reading the schema version"))?;
        let supported = MIGRATIONS.len() as i64;
        if version > supported {
            return Err(StoreError::TooNew {
                path: path.to_string(),
                found: version,
                supported,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn
                .unchecked_transaction()
                .map_err(q("starting a migration"))?;
            tx.execute_batch(sql).map_err(q("running a migration"))?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(q("recording the schema version"))?;
            tx.commit().map_err(q("committing a migration"))?;
        }
        Ok(Self { conn })
    }
}

fn prov(file: String, format: String, line: Option<i64>, offset: Option<i64>) -> Provenance {
    Provenance {
        file,
        format,
        line: line.map(|l| l as u64),
        offset: offset.map(|o| o as u64),
    }
}

impl SqliteStore {
    /// Run a read query and map every row; any failure names what was being read.
    fn rows<T>(
        &self,
        sql: &str,
        doing: &'static str,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut st = self.conn.prepare(sql).map_err(q(doing))?;
        let rows = st.query_map([], map).map_err(q(doing))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(q(doing))
    }
}

impl Store for SqliteStore {
    fn hash_key(&mut self) -> Result<[u8; 32], StoreError> {
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'bank_hash_key'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(q("reading the hash key"))?;
        let hex_key = match existing {
            Some(k) => k,
            None => {
                let mut key = [0u8; 32];
                use std::io::Read;
                std::fs::File::open("/dev/urandom")
                    .and_then(|mut f| f.read_exact(&mut key))
                    .map_err(|e| {
                        corrupt(
                            "meta",
                            format!("cannot read /dev/urandom for a new hash key: {e}"),
                        )
                    })?;
                let k = hex::encode(key);
                self.conn
                    .execute(
                        "INSERT INTO meta (key, value) VALUES ('bank_hash_key', ?1)",
                        [&k],
                    )
                    .map_err(q("saving the hash key"))?;
                k
            }
        };
        let bytes =
            hex::decode(&hex_key).map_err(|_| corrupt("meta", "bank_hash_key is not hex"))?;
        bytes
            .try_into()
            .map_err(|_| corrupt("meta", "bank_hash_key is not 32 bytes"))
    }

    fn import(&mut self, source: &Source, batch: &Batch) -> Result<ImportOutcome, StoreError> {
        let tx = self.conn.transaction().map_err(q("starting an import"))?;
        let seen = earlier_import(&tx, source)?;
        if let Some((file, imported_at)) = seen {
            return Ok(ImportOutcome::AlreadyImported { file, imported_at });
        }
        let (mut subjects, mut observations, mut relations) = (0, 0, 0);
        {
            let mut st = tx
                .prepare(
                    "INSERT INTO subjects (ref, kind, name, attributes, file, format, line, byte_offset)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT (ref) DO UPDATE SET name = excluded.name,
                       attributes = json_patch(subjects.attributes, excluded.attributes),
                       file = excluded.file, format = excluded.format, line = excluded.line,
                       byte_offset = excluded.byte_offset",
                )
                .map_err(q("preparing subject inserts"))?;
            for s in &batch.subjects {
                let attributes = serde_json::to_string(&s.attributes)
                    .map_err(|e| corrupt("subjects", e.to_string()))?;
                // Resources (an ATS's applications, sources, users) are records, not subjects
                // a summary should count.
                let counted = usize::from(s.kind != SubjectKind::Resource);
                subjects += counted
                    * st.execute(params![
                        s.id.as_str(),
                        s.kind.as_str(),
                        s.name.expose(),
                        attributes,
                        s.provenance.file,
                        s.provenance.format,
                        s.provenance.line.map(|l| l as i64),
                        s.provenance.offset.map(|o| o as i64)
                    ])
                    .map_err(q("writing subjects"))?;
            }
            let mut st = tx
                .prepare(
                    "INSERT INTO observations (subject, kind, canonical, masked, detail, role, file, format, line, byte_offset)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT (subject, kind, canonical, role) DO NOTHING",
                )
                .map_err(q("preparing observation inserts"))?;
            for o in &batch.observations {
                observations += st
                    .execute(params![
                        o.subject.as_str(),
                        o.artifact.kind.as_str(),
                        o.artifact.canonical.expose(),
                        o.artifact.masked,
                        o.artifact.detail,
                        o.role,
                        o.provenance.file,
                        o.provenance.format,
                        o.provenance.line.map(|l| l as i64),
                        o.provenance.offset.map(|o| o as i64)
                    ])
                    .map_err(q("writing observations"))?;
            }
            let mut st = tx
                .prepare(
                    "INSERT INTO relations (from_ref, kind, to_kind, to_value, file, format, line, byte_offset)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT (from_ref, kind, to_kind, to_value) DO NOTHING",
                )
                .map_err(q("preparing relation inserts"))?;
            for r in &batch.relations {
                let (to_kind, to_value) = match &r.to {
                    Target::Subject(s) => ("subject".to_string(), s.as_str().to_string()),
                    Target::Holder { kind, canonical } => {
                        (kind.as_str().to_string(), canonical.expose().clone())
                    }
                };
                relations += st
                    .execute(params![
                        r.from.as_str(),
                        r.kind.as_str(),
                        to_kind,
                        to_value,
                        r.provenance.file,
                        r.provenance.format,
                        r.provenance.line.map(|l| l as i64),
                        r.provenance.offset.map(|o| o as i64)
                    ])
                    .map_err(q("writing relations"))?;
            }
        }
        tx.execute(
            "INSERT INTO sources (file, format, digest, records, imported_at)
             VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            params![
                source.file,
                source.format,
                source.digest,
                source.records as i64
            ],
        )
        .map_err(q("recording the source file"))?;
        let source_id = tx.last_insert_rowid();
        let indicators = write_indicators(&tx, source_id, &batch.indicators)?;
        let warninglists = write_warninglists(&tx, &batch.warninglists)?;
        tx.commit().map_err(q("committing an import"))?;
        Ok(ImportOutcome::Imported {
            subjects,
            observations,
            relations,
            indicators,
            warninglists,
            source_id,
        })
    }

    fn load(&self) -> Result<Dataset, StoreError> {
        let mut data = Dataset::default();
        let rows = self.rows("SELECT ref, kind, name, attributes, file, format, line, byte_offset FROM subjects ORDER BY ref", "reading subjects", |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    prov(r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?),
                ))
            })?;
        for (id, kind, name, attributes, provenance) in rows {
            let kind = SubjectKind::parse(&kind)
                .ok_or_else(|| corrupt("subjects", format!("unknown kind `{kind}`")))?;
            let attributes: BTreeMap<String, String> = serde_json::from_str(&attributes)
                .map_err(|e| corrupt("subjects", e.to_string()))?;
            data.subjects.push(Subject {
                id: SubjectRef(id),
                kind,
                name: Sensitive::new(name),
                attributes,
                provenance,
            });
        }
        let rows = self.rows(
            "SELECT subject, kind, canonical, masked, detail, role, file, format, line, byte_offset
                 FROM observations ORDER BY id",
            "reading observations",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    prov(r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?),
                ))
            },
        )?;
        for (subject, kind, canonical, masked, detail, role, provenance) in rows {
            let kind = ArtifactKind::parse(&kind)
                .ok_or_else(|| corrupt("observations", format!("unknown kind `{kind}`")))?;
            data.observations.push(Observation {
                subject: SubjectRef(subject),
                artifact: Artifact {
                    kind,
                    canonical: Sensitive::new(canonical),
                    masked,
                    detail,
                },
                role,
                provenance,
            });
        }
        let rows = self.rows("SELECT from_ref, kind, to_kind, to_value, file, format, line, byte_offset FROM relations ORDER BY id", "reading relations", |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    prov(r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?),
                ))
            })?;
        for (from, kind, to_kind, to_value, provenance) in rows {
            let kind = RelationKind::parse(&kind)
                .ok_or_else(|| corrupt("relations", format!("unknown kind `{kind}`")))?;
            let to = if to_kind == "subject" {
                Target::Subject(SubjectRef(to_value))
            } else {
                let kind = ArtifactKind::parse(&to_kind).ok_or_else(|| {
                    corrupt("relations", format!("unknown target kind `{to_kind}`"))
                })?;
                Target::Holder {
                    kind,
                    canonical: Sensitive::new(to_value),
                }
            };
            data.relations.push(Relation {
                from: SubjectRef(from),
                kind,
                to,
                provenance,
            });
        }
        data.indicators = self.indicators(None)?;
        data.warninglists = self.warninglists()?;
        Ok(data)
    }

    fn indicators_since(&self, source_id: i64) -> Result<Vec<Indicator>, StoreError> {
        self.indicators(Some(source_id))
    }

    fn begin_events(&mut self, source: &Source) -> Result<EventImport<'_>, StoreError> {
        let tx = self.conn.transaction().map_err(q("starting an import"))?;
        let seen = earlier_import(&tx, source)?;
        if let Some((file, imported_at)) = seen {
            return Ok(EventImport::AlreadyImported { file, imported_at });
        }
        // The source row first, so events can name it; the transaction keeps it all or nothing.
        tx.execute(
            "INSERT INTO sources (file, format, digest, records, imported_at)
             VALUES (?1, ?2, ?3, 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            params![source.file, source.format, source.digest],
        )
        .map_err(q("recording the source file"))?;
        let source_id = tx.last_insert_rowid();
        Ok(EventImport::Writer(Box::new(SqliteEvents {
            tx,
            source_id,
            written: 0,
            duplicates: 0,
        })))
    }

    fn events(
        &self,
        visit: &mut dyn FnMut(Event) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let doing = "reading events";
        let mut st = self
            .conn
            .prepare(
                "SELECT time, kind, product, category, service, user_id, device, ip, fields,
                        file, format, line, byte_offset
                   FROM events ORDER BY time, id",
            )
            .map_err(q(doing))?;
        let mut rows = st.query([]).map_err(q(doing))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(q(doing))? {
            let kind: String = r.get(1).map_err(q(doing))?;
            let fields: String = r.get(8).map_err(q(doing))?;
            let event = Event {
                time: r.get(0).map_err(q(doing))?,
                kind: EventKind::parse(&kind)
                    .ok_or_else(|| corrupt("events", format!("unknown kind `{kind}`")))?,
                logsource: LogSource {
                    product: r.get(2).map_err(q(doing))?,
                    category: r.get(3).map_err(q(doing))?,
                    service: r.get(4).map_err(q(doing))?,
                },
                user: r
                    .get::<_, Option<String>>(5)
                    .map_err(q(doing))?
                    .map(Sensitive::new),
                device: r.get(6).map_err(q(doing))?,
                ip: r.get(7).map_err(q(doing))?,
                fields: serde_json::from_str(&fields)
                    .map_err(|e| corrupt("events", e.to_string()))?,
                provenance: prov(
                    r.get(9).map_err(q(doing))?,
                    r.get(10).map_err(q(doing))?,
                    r.get(11).map_err(q(doing))?,
                    r.get(12).map_err(q(doing))?,
                ),
            };
            visit(event)?;
            n += 1;
        }
        Ok(n)
    }

    fn sources(&self) -> Result<Vec<SourceRecord>, StoreError> {
        self.rows(
            "SELECT file, format, records, imported_at FROM sources ORDER BY id",
            "reading sources",
            |r| {
                Ok(SourceRecord {
                    file: r.get(0)?,
                    format: r.get(1)?,
                    records: r.get::<_, i64>(2)? as u64,
                    imported_at: r.get(3)?,
                })
            },
        )
    }

    fn save_analysis(&mut self, analysis: &Analysis) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction()
            .map_err(q("starting to save the analysis"))?;
        tx.execute_batch("DELETE FROM findings; DELETE FROM clusters; DELETE FROM risk;")
            .map_err(q("clearing the previous analysis"))?;
        {
            let mut st = tx
                .prepare("INSERT INTO findings (subject, kind, severity, explanation, evidence, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .map_err(q("preparing finding inserts"))?;
            for f in &analysis.findings {
                let evidence = serde_json::to_string(&f.evidence)
                    .map_err(|e| corrupt("findings", e.to_string()))?;
                st.execute(params![
                    f.subject.as_str(),
                    f.kind,
                    f.severity.as_str(),
                    f.explanation,
                    evidence,
                    f.at
                ])
                .map_err(q("writing findings"))?;
            }
            let mut st = tx
                .prepare("INSERT INTO clusters (id, members, edges) VALUES (?1, ?2, ?3)")
                .map_err(q("preparing cluster inserts"))?;
            for c in &analysis.clusters {
                let members = serde_json::to_string(&c.members)
                    .map_err(|e| corrupt("clusters", e.to_string()))?;
                let edges = serde_json::to_string(&c.edges)
                    .map_err(|e| corrupt("clusters", e.to_string()))?;
                st.execute(params![c.id, members, edges])
                    .map_err(q("writing clusters"))?;
            }
            let mut st = tx
                .prepare("INSERT INTO risk (subject, score) VALUES (?1, ?2)")
                .map_err(q("preparing risk inserts"))?;
            for (subject, score) in &analysis.risk {
                st.execute(params![subject.as_str(), i64::from(*score)])
                    .map_err(q("writing risk scores"))?;
            }
        }
        tx.commit().map_err(q("committing the analysis"))
    }

    fn load_analysis(&self) -> Result<Analysis, StoreError> {
        let mut out = Analysis::default();
        let rows = self.rows(
            "SELECT subject, kind, severity, explanation, evidence, at FROM findings ORDER BY id",
            "reading findings",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            },
        )?;
        for (subject, kind, severity, explanation, evidence, at) in rows {
            let severity = Severity::parse(&severity)
                .ok_or_else(|| corrupt("findings", format!("unknown severity `{severity}`")))?;
            let evidence =
                serde_json::from_str(&evidence).map_err(|e| corrupt("findings", e.to_string()))?;
            out.findings.push(Finding {
                subject: SubjectRef(subject),
                kind,
                severity,
                explanation,
                evidence,
                at,
            });
        }
        let rows = self.rows(
            "SELECT id, members, edges FROM clusters ORDER BY id",
            "reading clusters",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        for (id, members, edges) in rows {
            let members =
                serde_json::from_str(&members).map_err(|e| corrupt("clusters", e.to_string()))?;
            let edges =
                serde_json::from_str(&edges).map_err(|e| corrupt("clusters", e.to_string()))?;
            out.clusters.push(Cluster { id, members, edges });
        }
        out.risk = self.rows(
            "SELECT subject, score FROM risk ORDER BY subject",
            "reading risk",
            |r| {
                Ok((
                    SubjectRef(r.get(0)?),
                    r.get::<_, i64>(1)?.clamp(0, 100) as u8,
                ))
            },
        )?;
        Ok(out)
    }
}

fn write_indicators(
    tx: &rusqlite::Transaction<'_>,
    source_id: i64,
    indicators: &[Indicator],
) -> Result<usize, StoreError> {
    let mut st = tx
        .prepare(
            "INSERT INTO indicators (indicator_id, source, kind, op, value, masked, valid_from,
               valid_until, confidence, description, file, format, line, byte_offset, source_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (indicator_id, kind, op, value) DO UPDATE SET source = excluded.source,
               masked = excluded.masked, valid_from = excluded.valid_from,
               valid_until = excluded.valid_until, confidence = excluded.confidence,
               description = excluded.description, file = excluded.file, format = excluded.format,
               line = excluded.line, byte_offset = excluded.byte_offset,
               source_id = excluded.source_id",
        )
        .map_err(q("preparing indicator inserts"))?;
    let mut n = 0;
    for i in indicators {
        n += st
            .execute(params![
                i.id,
                i.source,
                i.kind.as_str(),
                i.matcher.op(),
                i.matcher.value(),
                i.masked,
                i.valid_from,
                i.valid_until,
                i.confidence.map(i64::from),
                i.description,
                i.provenance.file,
                i.provenance.format,
                i.provenance.line.map(|l| l as i64),
                i.provenance.offset.map(|o| o as i64),
                source_id
            ])
            .map_err(q("writing indicators"))?;
    }
    Ok(n)
}

fn write_warninglists(
    tx: &rusqlite::Transaction<'_>,
    lists: &[WarningList],
) -> Result<usize, StoreError> {
    let mut st = tx
        .prepare(
            "INSERT INTO warninglists (name, version, description, kind, entries,
               matching_attributes, file, format, line, byte_offset)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (name) DO UPDATE SET version = excluded.version,
               description = excluded.description, kind = excluded.kind,
               entries = excluded.entries, matching_attributes = excluded.matching_attributes,
               file = excluded.file, format = excluded.format, line = excluded.line,
               byte_offset = excluded.byte_offset",
        )
        .map_err(q("preparing warning list inserts"))?;
    for l in lists {
        let entries = serde_json::to_string(&l.entries)
            .map_err(|e| corrupt("warninglists", e.to_string()))?;
        let attrs = serde_json::to_string(&l.matching_attributes)
            .map_err(|e| corrupt("warninglists", e.to_string()))?;
        st.execute(params![
            l.name,
            l.version.map(|v| v as i64),
            l.description,
            l.kind.as_str(),
            entries,
            attrs,
            l.provenance.file,
            l.provenance.format,
            l.provenance.line.map(|x| x as i64),
            l.provenance.offset.map(|o| o as i64)
        ])
        .map_err(q("writing warning lists"))?;
    }
    Ok(lists.len())
}

impl SqliteStore {
    /// All indicators, or those written by imports from `since` (a source id) on.
    fn indicators(&self, since: Option<i64>) -> Result<Vec<Indicator>, StoreError> {
        let sql = format!(
            "SELECT indicator_id, source, kind, op, value, masked, valid_from, valid_until,
                    confidence, description, file, format, line, byte_offset
               FROM indicators {} ORDER BY id",
            match since {
                Some(id) => format!("WHERE source_id >= {id}"),
                None => String::new(),
            }
        );
        let rows = self.rows(&sql, "reading indicators", |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ),
                (
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<i64>>(8)?,
                    r.get::<_, String>(9)?,
                ),
                prov(r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?),
            ))
        })?;
        rows.into_iter()
            .map(
                |(
                    (id, source, kind, op, value, masked),
                    (from, until, confidence, description),
                    provenance,
                )| {
                    let kind = IndicatorKind::parse(&kind)
                        .ok_or_else(|| corrupt("indicators", format!("unknown kind `{kind}`")))?;
                    let matcher = Matcher::from_parts(&op, value)
                        .ok_or_else(|| corrupt("indicators", format!("unknown operator `{op}`")))?;
                    Ok(Indicator {
                        id,
                        source,
                        kind,
                        matcher,
                        masked,
                        valid_from: from,
                        valid_until: until,
                        confidence: confidence.map(|c| c.clamp(0, 100) as u8),
                        description,
                        provenance,
                    })
                },
            )
            .collect()
    }

    fn warninglists(&self) -> Result<Vec<WarningList>, StoreError> {
        let rows = self.rows(
            "SELECT name, version, description, kind, entries, matching_attributes, file, format,
                    line, byte_offset FROM warninglists ORDER BY name",
            "reading warning lists",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    prov(r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?),
                ))
            },
        )?;
        rows.into_iter()
            .map(
                |(name, version, description, kind, entries, attrs, provenance)| {
                    let kind = ListKind::parse(&kind)
                        .ok_or_else(|| corrupt("warninglists", format!("unknown type `{kind}`")))?;
                    let entries = serde_json::from_str(&entries)
                        .map_err(|e| corrupt("warninglists", e.to_string()))?;
                    let matching_attributes = serde_json::from_str(&attrs)
                        .map_err(|e| corrupt("warninglists", e.to_string()))?;
                    Ok(WarningList {
                        name,
                        version: version.map(|v| v as u64),
                        description,
                        kind,
                        entries,
                        matching_attributes,
                        provenance,
                    })
                },
            )
            .collect()
    }
}

struct SqliteEvents<'c> {
    tx: rusqlite::Transaction<'c>,
    source_id: i64,
    written: u64,
    duplicates: u64,
}

impl EventWriter for SqliteEvents<'_> {
    fn write(&mut self, event: &Event) -> Result<(), StoreError> {
        let fields =
            serde_json::to_string(&event.fields).map_err(|e| corrupt("events", e.to_string()))?;
        let key = unmask_model::stable_key(&[
            &event.provenance.format,
            &event.time,
            event.user.as_ref().map_or("", |u| u.expose().as_str()),
            event.device.as_deref().unwrap_or(""),
            &fields,
        ]);
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT INTO events (event_key, time, kind, product, category, service, user_id,
                   device, ip, fields, file, format, line, byte_offset, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                 ON CONFLICT (event_key) DO NOTHING",
            )
            .map_err(q("preparing event inserts"))?;
        let n = st
            .execute(params![
                key,
                event.time,
                event.kind.as_str(),
                event.logsource.product,
                event.logsource.category,
                event.logsource.service,
                event.user.as_ref().map(|u| u.expose().as_str()),
                event.device,
                event.ip,
                fields,
                event.provenance.file,
                event.provenance.format,
                event.provenance.line.map(|l| l as i64),
                event.provenance.offset.map(|o| o as i64),
                self.source_id
            ])
            .map_err(q("writing events"))?;
        if n == 0 {
            self.duplicates += 1;
        } else {
            self.written += 1;
        }
        Ok(())
    }

    fn commit(self: Box<Self>, records: u64) -> Result<(u64, u64), StoreError> {
        self.tx
            .execute(
                "UPDATE sources SET records = ?1 WHERE id = ?2",
                params![records as i64, self.source_id],
            )
            .map_err(q("recording the source file"))?;
        self.tx.commit().map_err(q("committing an import"))?;
        Ok((self.written, self.duplicates))
    }
}

/// The file and time of an earlier import of the same bytes in the same format, if any.
fn earlier_import(
    tx: &rusqlite::Transaction<'_>,
    source: &Source,
) -> Result<Option<(String, String)>, StoreError> {
    tx.query_row(
        "SELECT file, imported_at FROM sources WHERE format = ?1 AND digest = ?2",
        params![source.format, source.digest],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(q("checking earlier imports"))
}
