//! ip-location-db range CSVs (and DB-IP's lite CSVs, which share the layout).
//!
//! No header; RFC 4180 quoting (an organisation may hold a comma). Two tables:
//! - country: `start,end,country_code`;
//! - ASN: `start,end,asn,organisation`.
//!
//! `start` and `end` are addresses (`1.0.0.0`, `2001:200::`) or, in the `-num` files, decimal
//! integers. A decimal value does not say its family, so the file name decides (`ipv4`/`ipv6`
//! in it), else the size of `end` (above `u32::MAX` is IPv6).

use crate::error::{EnrichError, Position, RowProblem};
use crate::staged::{country_code, AsnValue, Interner, Staged};
use crate::table::Row;
use crate::TableKind;
use csv::ByteRecord;
use std::io::Read;
use std::net::{Ipv4Addr, Ipv6Addr};

/// How many rows that fit neither table are read before giving up on a source.
const DETECT_ATTEMPTS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    V4,
    V6,
}

/// One end of a range, as parsed.
#[derive(Debug, Clone, Copy)]
enum Bound {
    V4(u32),
    V6(u128),
    /// A decimal integer, family not yet known.
    Number(u128),
}

/// A reader that fails past `limit` bytes, so a huge record or file cannot exhaust memory.
pub(crate) struct Capped<R> {
    inner: R,
    left: u64,
    exceeded: bool,
}

impl<R: Read> Capped<R> {
    pub(crate) fn new(inner: R, limit: u64) -> Self {
        Self {
            inner,
            left: limit,
            exceeded: false,
        }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.exceeded = true;
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                "input larger than the limit",
            ));
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// Parses one CSV source into `staged`, returning the table it turned out to be (`None` for a
/// source without a single usable row).
pub(crate) fn parse(
    name: &str,
    reader: impl Read,
    kind: Option<TableKind>,
    limit: u64,
    orgs: &mut Interner<'_>,
    staged: &mut Staged,
) -> Result<Option<TableKind>, EnrichError> {
    let lower = name.to_ascii_lowercase();
    let hint = if lower.contains("ipv6") {
        Some(Family::V6)
    } else if lower.contains("ipv4") {
        Some(Family::V4)
    } else {
        None
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Capped::new(reader, limit));
    let mut kind = kind;
    let mut unclassified = Vec::new();
    let mut record = ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(source) => {
                if rdr.get_ref().exceeded {
                    return Err(EnrichError::TooLarge {
                        name: name.to_owned(),
                        limit,
                    });
                }
                let line = source.position().map_or(0, csv::Position::line);
                return Err(EnrichError::Csv {
                    name: name.to_owned(),
                    line,
                    source,
                });
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue; // a blank line
        }
        let table = match kind {
            Some(k) => k,
            None => match classify(&record) {
                Some(k) => {
                    kind = Some(k);
                    for p in unclassified.drain(..) {
                        staged.problem(p);
                    }
                    k
                }
                None => {
                    unclassified.push(problem(
                        name,
                        line,
                        "row",
                        format!(
                            "{} column(s) fit neither `start,end,country_code` nor `start,end,asn,org`",
                            record.len()
                        ),
                    ));
                    if unclassified.len() >= DETECT_ATTEMPTS {
                        break;
                    }
                    continue;
                }
            },
        };
        if let Err(p) = row(name, line, &record, table, hint, orgs, staged) {
            staged.problem(p);
        }
    }
    if kind.is_none() && !unclassified.is_empty() {
        return Err(EnrichError::UnknownTable {
            name: name.to_owned(),
            problems: unclassified,
        });
    }
    Ok(kind)
}

/// The table a record's shape says: 3 columns ending in two letters, or 4 with a number third.
fn classify(record: &ByteRecord) -> Option<TableKind> {
    let third = record.get(2)?.trim_ascii();
    match record.len() {
        3 if third.len() == 2 && third.iter().all(u8::is_ascii_alphabetic) => {
            Some(TableKind::Country)
        }
        4 if !third.is_empty() && third.iter().all(u8::is_ascii_digit) => Some(TableKind::Asn),
        _ => None,
    }
}

fn problem(name: &str, line: u64, field: &'static str, reason: String) -> RowProblem {
    RowProblem {
        file: name.to_owned(),
        position: Position::Line(line),
        field,
        reason,
    }
}

/// Parses one row into `staged`.
fn row(
    name: &str,
    line: u64,
    record: &ByteRecord,
    table: TableKind,
    hint: Option<Family>,
    orgs: &mut Interner<'_>,
    staged: &mut Staged,
) -> Result<(), RowProblem> {
    let expected = match table {
        TableKind::Country => 3,
        TableKind::Asn => 4,
    };
    if record.len() != expected {
        let shape = match table {
            TableKind::Country => "`start,end,country_code`",
            TableKind::Asn => "`start,end,asn,org`",
        };
        return Err(problem(
            name,
            line,
            "row",
            format!(
                "expected {expected} columns ({shape}), found {}",
                record.len()
            ),
        ));
    }
    let field = |i: usize| record.get(i).unwrap_or_default();
    let start = bound(field(0)).map_err(|r| problem(name, line, "start_ip", r))?;
    let end = bound(field(1)).map_err(|r| problem(name, line, "end_ip", r))?;
    let range = resolve(start, end, hint).map_err(|r| problem(name, line, "end_ip", r))?;
    match table {
        TableKind::Country => {
            let code =
                country_code(field(2)).map_err(|r| problem(name, line, "country_code", r))?;
            let Some(value) = code else {
                staged.no_data += 1;
                return Ok(());
            };
            match range {
                Range::V4(start, end) => staged.country_v4.push(Row { start, end, value }),
                Range::V6(start, end) => staged.country_v6.push(Row { start, end, value }),
            }
        }
        TableKind::Asn => {
            let raw = field(2).trim_ascii();
            let number = std::str::from_utf8(raw)
                .ok()
                .and_then(|s| s.strip_prefix("AS").unwrap_or(s).parse::<u32>().ok())
                .ok_or_else(|| {
                    problem(
                        name,
                        line,
                        "asn",
                        format!("`{}` is not an AS number", String::from_utf8_lossy(raw)),
                    )
                })?;
            if number == 0 {
                staged.no_data += 1;
                return Ok(());
            }
            let org = orgs.intern(&String::from_utf8_lossy(field(3)));
            let value = AsnValue { number, org };
            match range {
                Range::V4(start, end) => staged.asn_v4.push(Row { start, end, value }),
                Range::V6(start, end) => staged.asn_v6.push(Row { start, end, value }),
            }
        }
    }
    Ok(())
}

fn bound(raw: &[u8]) -> Result<Bound, String> {
    let raw = raw.trim_ascii();
    let bad = || {
        format!(
            "`{}` is neither an IP address nor a decimal address",
            String::from_utf8_lossy(raw)
        )
    };
    let text = std::str::from_utf8(raw).map_err(|_| bad())?;
    if raw.contains(&b':') {
        text.parse::<Ipv6Addr>()
            .map(|a| Bound::V6(a.to_bits()))
            .map_err(|_| bad())
    } else if raw.contains(&b'.') {
        text.parse::<Ipv4Addr>()
            .map(|a| Bound::V4(a.to_bits()))
            .map_err(|_| bad())
    } else if !raw.is_empty() && raw.iter().all(u8::is_ascii_digit) {
        text.parse::<u128>().map(Bound::Number).map_err(|_| bad())
    } else {
        Err(bad())
    }
}

enum Range {
    V4(u32, u32),
    V6(u128, u128),
}

/// Puts both ends in one family and checks their order.
fn resolve(start: Bound, end: Bound, hint: Option<Family>) -> Result<Range, String> {
    let numbers_family = |s: u128, e: u128| {
        hint.unwrap_or(if e > u128::from(u32::MAX) || s > u128::from(u32::MAX) {
            Family::V6
        } else {
            Family::V4
        })
    };
    let v4 = |n: u128| u32::try_from(n).map_err(|_| format!("`{n}` is past the last IPv4 address"));
    let range = match (start, end) {
        (Bound::V4(s), Bound::V4(e)) => Range::V4(s, e),
        (Bound::V6(s), Bound::V6(e)) => Range::V6(s, e),
        (Bound::Number(s), Bound::Number(e)) => match numbers_family(s, e) {
            Family::V4 => Range::V4(v4(s)?, v4(e)?),
            Family::V6 => Range::V6(s, e),
        },
        _ => return Err("`start_ip` and `end_ip` are not the same kind of address".to_owned()),
    };
    let ordered = match range {
        Range::V4(s, e) => s <= e,
        Range::V6(s, e) => s <= e,
    };
    if ordered {
        Ok(range)
    } else {
        Err("`end_ip` is before `start_ip`".to_owned())
    }
}
