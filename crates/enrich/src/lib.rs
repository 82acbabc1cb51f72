//! Offline IP enrichment: a sign-in address's country, AS number and AS organisation, from
//! database files loaded once at start. Nothing is fetched at run time; `scripts/enrich-setup.sh`
//! obtains the files from package registries.
//!
//! Sources: ip-location-db's range CSVs (`start,end,country_code` and `start,end,asn,org`, with
//! addresses or decimal integers; DB-IP's lite CSVs have the same columns) and MMDB files
//! (ip-location-db's `{country_code}` records, MaxMind/DB-IP's `country.iso_code` and
//! `autonomous_system_*`). Every source is flattened at load into sorted, disjoint ranges (IPv4
//! and IPv6 apart, `u32`/`u128` keys), so a lookup is a binary search whatever the format, and
//! organisation names are stored once each.
//!
//! File I/O happens in [`GeoDb::load_path`] only. A malformed row is skipped and reported with
//! its file, line and field (or, in strict mode, fails its source); a source that fails leaves
//! the database as it was.

mod error;
mod formats;
mod staged;
mod table;

pub use error::{EnrichError, Position, RowProblem};

use staged::{AsnValue, CountryCode, Interner, Staged};
use std::fs::File;
use std::io::{BufReader, Read};
use std::net::IpAddr;
use std::path::Path;
use table::RangeTable;

/// The most problems a load keeps per source; [`SourceInfo::skipped`] counts them all.
pub const MAX_REPORTED_PROBLEMS: usize = 100;

/// The largest source file read, in bytes (the biggest public MMDBs are a few hundred MB).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// What the database knows about one address. Each part is `None` when no loaded source covers
/// the address (or, for `org`, when the source names no organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IpInfo<'a> {
    /// ISO 3166-1 alpha-2, upper case (`US`).
    pub country: Option<&'a str>,
    pub asn: Option<u32>,
    pub org: Option<&'a str>,
}

/// The table a CSV source fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// `start,end,country_code`.
    Country,
    /// `start,end,asn,org`.
    Asn,
}

/// A source's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Csv,
    Mmdb,
}

/// What one loaded source contributed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The path for files, the caller's name for readers.
    pub name: String,
    pub format: SourceFormat,
    /// The tables the source fed: a CSV feeds one, an MMDB one or both.
    pub tables: Vec<TableKind>,
    /// Ranges (CSV rows or MMDB networks) loaded, before flattening.
    pub ranges: usize,
    /// Malformed rows (or MMDB records) skipped.
    pub skipped: usize,
    /// Well-formed rows that said "unknown" (country `ZZ`, AS 0), left out.
    pub no_data: usize,
}

/// What one call to a `load_*` method did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// One entry per source loaded, in load order.
    pub sources: Vec<SourceInfo>,
    /// The skipped rows, up to [`MAX_REPORTED_PROBLEMS`] per source.
    pub problems: Vec<RowProblem>,
}

impl LoadReport {
    /// Malformed rows skipped over all sources, reported or not.
    pub fn skipped(&self) -> usize {
        self.sources.iter().map(|s| s.skipped).sum()
    }

    fn absorb(&mut self, other: LoadReport) {
        self.sources.extend(other.sources);
        self.problems.extend(other.problems);
    }
}

/// Country and ASN range tables, built from files at load and read-only afterwards.
///
/// Precedence where sources overlap: the source loaded first wins; inside one source, the
/// narrowest range wins. Load the more specific or more trusted source first.
#[derive(Debug, Default)]
pub struct GeoDb {
    strict: bool,
    country_v4: RangeTable<u32, CountryCode>,
    country_v6: RangeTable<u128, CountryCode>,
    asn_v4: RangeTable<u32, AsnValue>,
    asn_v6: RangeTable<u128, AsnValue>,
    /// Organisation names, each once; [`AsnValue::org`] indexes it.
    orgs: Vec<Box<str>>,
    sources: Vec<SourceInfo>,
}

impl GeoDb {
    /// An empty database that skips malformed rows.
    pub fn new() -> Self {
        Self::default()
    }

    /// Strict mode: a source with any malformed row fails with [`EnrichError::Malformed`]
    /// instead of loading without it.
    pub fn set_strict(&mut self, strict: bool) {
        self.strict = strict;
    }

    /// Loads a `.csv` or `.mmdb` file, or every `.csv` and `.mmdb` file directly inside a
    /// directory, in name order. Each file is loaded whole or not at all; in a directory, the
    /// first file that fails stops the load, and the files before it stay loaded.
    pub fn load_path(&mut self, path: &Path) -> Result<LoadReport, EnrichError> {
        if path.is_dir() {
            let io = |source| EnrichError::Io {
                path: path.to_owned(),
                source,
            };
            let mut files = Vec::new();
            for entry in std::fs::read_dir(path).map_err(io)? {
                let file = entry.map_err(io)?.path();
                if file.is_file() && extension(&file).is_some() {
                    files.push(file);
                }
            }
            files.sort();
            let mut report = LoadReport::default();
            for file in files {
                report.absorb(self.load_file(&file)?);
            }
            Ok(report)
        } else {
            self.load_file(path)
        }
    }

    fn load_file(&mut self, path: &Path) -> Result<LoadReport, EnrichError> {
        let name = path.display().to_string();
        let io = |source| EnrichError::Io {
            path: path.to_owned(),
            source,
        };
        let format = extension(path).ok_or_else(|| EnrichError::UnsupportedFile {
            path: path.to_owned(),
        })?;
        let file = File::open(path).map_err(io)?;
        match format {
            SourceFormat::Csv => {
                self.load_csv(&name, BufReader::with_capacity(1 << 16, file), None)
            }
            SourceFormat::Mmdb => {
                let size = file.metadata().map_err(io)?.len();
                if size > MAX_FILE_BYTES {
                    return Err(EnrichError::TooLarge {
                        name,
                        limit: MAX_FILE_BYTES,
                    });
                }
                let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
                file.take(MAX_FILE_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(io)?;
                if bytes.len() as u64 > MAX_FILE_BYTES {
                    return Err(EnrichError::TooLarge {
                        name,
                        limit: MAX_FILE_BYTES,
                    });
                }
                self.load_mmdb(&name, bytes)
            }
        }
    }

    /// Loads a range CSV from a reader. `kind` names its table; `None` detects it from the first
    /// row that fits one (3 columns ending in a two-letter code, or 4 with a number third).
    /// `name` is used in reports and, for `-num` files, to tell IPv4 from IPv6 (`ipv4`/`ipv6`
    /// in it).
    pub fn load_csv(
        &mut self,
        name: &str,
        reader: impl Read,
        kind: Option<TableKind>,
    ) -> Result<LoadReport, EnrichError> {
        let mut orgs = Interner::new(&self.orgs);
        let mut staged = Staged::default();
        let table =
            formats::csv::parse(name, reader, kind, MAX_FILE_BYTES, &mut orgs, &mut staged)?;
        let added = orgs.into_added();
        self.commit(
            name,
            SourceFormat::Csv,
            table.into_iter().collect(),
            added,
            staged,
        )
    }

    /// Loads an MMDB database from its bytes.
    pub fn load_mmdb(&mut self, name: &str, bytes: Vec<u8>) -> Result<LoadReport, EnrichError> {
        let mut orgs = Interner::new(&self.orgs);
        let mut staged = Staged::default();
        formats::mmdb::parse(name, bytes, &mut orgs, &mut staged)?;
        let added = orgs.into_added();
        let mut tables = Vec::new();
        if staged.country_rows() > 0 {
            tables.push(TableKind::Country);
        }
        if staged.asn_rows() > 0 {
            tables.push(TableKind::Asn);
        }
        self.commit(name, SourceFormat::Mmdb, tables, added, staged)
    }

    /// Accepts a parsed source (or, in strict mode with problems, refuses it).
    fn commit(
        &mut self,
        name: &str,
        format: SourceFormat,
        tables: Vec<TableKind>,
        orgs: Vec<Box<str>>,
        staged: Staged,
    ) -> Result<LoadReport, EnrichError> {
        if self.strict && staged.skipped > 0 {
            return Err(EnrichError::Malformed {
                name: name.to_owned(),
                count: staged.skipped,
                problems: staged.problems,
            });
        }
        let info = SourceInfo {
            name: name.to_owned(),
            format,
            tables,
            ranges: staged.country_rows() + staged.asn_rows(),
            skipped: staged.skipped,
            no_data: staged.no_data,
        };
        self.orgs.extend(orgs);
        self.country_v4.merge(staged.country_v4);
        self.country_v6.merge(staged.country_v6);
        self.asn_v4.merge(staged.asn_v4);
        self.asn_v6.merge(staged.asn_v6);
        self.sources.push(info.clone());
        Ok(LoadReport {
            sources: vec![info],
            problems: staged.problems,
        })
    }

    /// Country, ASN and organisation of `ip`. An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`)
    /// is looked up as the IPv4 address.
    #[inline]
    pub fn lookup(&self, ip: IpAddr) -> IpInfo<'_> {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let (country, asn) = match ip {
            IpAddr::V4(v4) => {
                let key = v4.to_bits();
                (self.country_v4.get(key), self.asn_v4.get(key))
            }
            IpAddr::V6(v6) => {
                let key = v6.to_bits();
                (self.country_v6.get(key), self.asn_v6.get(key))
            }
        };
        IpInfo {
            country: country.and_then(|code| std::str::from_utf8(code).ok()),
            asn: asn.map(|a| a.number),
            org: asn
                .and_then(|a| self.orgs.get(a.org as usize))
                .map(|name| &**name),
        }
    }

    /// True when nothing has been loaded (or every source was empty).
    pub fn is_empty(&self) -> bool {
        self.country_v4.is_empty()
            && self.country_v6.is_empty()
            && self.asn_v4.is_empty()
            && self.asn_v6.is_empty()
    }

    /// The sources loaded, in load order.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }

    /// Disjoint ranges held per table after flattening: country v4, country v6, ASN v4,
    /// ASN v6; and the number of distinct organisation names.
    pub fn stats(&self) -> Stats {
        Stats {
            country_v4: self.country_v4.len(),
            country_v6: self.country_v6.len(),
            asn_v4: self.asn_v4.len(),
            asn_v6: self.asn_v6.len(),
            orgs: self.orgs.len(),
        }
    }
}

/// Sizes of a [`GeoDb`]'s tables, from [`GeoDb::stats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub country_v4: usize,
    pub country_v6: usize,
    pub asn_v4: usize,
    pub asn_v6: usize,
    pub orgs: usize,
}

/// The format a file's extension names, if it is one this crate reads.
fn extension(path: &Path) -> Option<SourceFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(SourceFormat::Csv),
        "mmdb" => Some(SourceFormat::Mmdb),
        _ => None,
    }
}
