//! Offline IP enrichment named in `unmask.toml` (`[enrich] ip = [...]`): ip-location-db CSV or
//! MMDB files (or folders of them), loaded once per run. Relative paths are taken from the
//! config file's folder, so a world's `unmask.toml` can name files beside it.

use crate::{Config, PipelineError};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use unmask_enrich::GeoDb;
use unmask_signals::IpLookup;

/// The loaded databases, and one line per source for the run's summary.
pub struct Loaded {
    db: GeoDb,
    pub notes: Vec<String>,
}

impl IpLookup for Loaded {
    fn country(&self, ip: IpAddr) -> Option<&str> {
        self.db.lookup(ip).country
    }

    fn network(&self, ip: IpAddr) -> Option<(u32, &str)> {
        let info = self.db.lookup(ip);
        Some((info.asn?, info.org.unwrap_or("")))
    }
}

fn resolve(config: &Config, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() || config.path.is_empty() {
        return p.to_path_buf();
    }
    Path::new(&config.path)
        .parent()
        .map_or_else(|| p.to_path_buf(), |dir| dir.join(p))
}

pub fn load(config: &Config) -> Result<Loaded, PipelineError> {
    let mut db = GeoDb::new();
    let mut notes = Vec::new();
    for path in &config.enrich.ip {
        let full = resolve(config, path);
        let report = db.load_path(&full).map_err(|e| PipelineError::Data {
            path: full.display().to_string(),
            message: format!(
                "offline IP data named in `{}` ([enrich] ip): {e}",
                config.path
            ),
        })?;
        for s in &report.sources {
            notes.push(format!(
                "{}: {} ranges{}",
                s.name,
                s.ranges,
                if s.skipped > 0 {
                    format!(", {} malformed rows skipped", s.skipped)
                } else {
                    String::new()
                }
            ));
        }
        for p in report.problems.iter().take(5) {
            notes.push(format!("  skipped: {p}"));
        }
    }
    Ok(Loaded { db, notes })
}
