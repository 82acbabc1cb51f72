//! The generic linkage mode behind `unmask link`: read a `link.toml` and one CSV (dedupe) or
//! two (link), build the engine's table, and score results against known links.

use crate::PipelineError;
use std::collections::{HashMap, HashSet};
use unmask_linkage::{Column, LinkType, Linker, Settings, Table};

pub fn load_settings(path: &str) -> Result<Settings, PipelineError> {
    let text = std::fs::read_to_string(path).map_err(|source| PipelineError::Io {
        path: path.to_string(),
        source,
    })?;
    let settings: Settings = toml::from_str(&text).map_err(|e| PipelineError::Config {
        path: path.to_string(),
        message: e.to_string().trim().to_string(),
    })?;
    if settings.id_column.is_none() {
        return Err(PipelineError::Config {
            path: path.to_string(),
            message: "`id_column` is required".into(),
        });
    }
    if !(0.0..1.0).contains(&settings.threshold) || settings.threshold <= 0.0 {
        return Err(PipelineError::Config {
            path: path.to_string(),
            message: format!(
                "`threshold` must be a probability between 0 and 1, not {}",
                settings.threshold
            ),
        });
    }
    if settings.blocking.is_empty() {
        return Err(PipelineError::Config {
            path: path.to_string(),
            message: "at least one `[[blocking]]` rule is needed".into(),
        });
    }
    Ok(settings)
}

/// Read the CSV files into one table: file 0 is source 0, file 1 source 1.
pub fn load_table(paths: &[String], settings: &Settings) -> Result<Table, PipelineError> {
    let expected = if settings.link_type == LinkType::Link {
        2
    } else {
        1
    };
    if paths.len() != expected {
        return Err(PipelineError::Data {
            path: paths.join(", "),
            message: format!(
                "link_type `{}` takes {expected} data file{}, got {}",
                if expected == 2 { "link" } else { "dedupe" },
                if expected == 2 { "s" } else { "" },
                paths.len()
            ),
        });
    }
    let id_column = settings.id_column.clone().unwrap_or_default();
    let wanted: Vec<&str> = settings
        .comparisons
        .iter()
        .map(|c| c.column.as_str())
        .collect();
    let mut table = Table {
        ids: Vec::new(),
        sources: Vec::new(),
        columns: wanted.iter().map(|c| Column::new(*c)).collect(),
    };
    for (source, path) in paths.iter().enumerate() {
        let bad = |line: Option<u64>, message: String| PipelineError::Data {
            path: path.clone(),
            message: match line {
                Some(l) => format!("line {l}: {message}"),
                None => message,
            },
        };
        let file = std::fs::File::open(path).map_err(|source| PipelineError::Io {
            path: path.clone(),
            source,
        })?;
        let mut reader = csv::ReaderBuilder::new().from_reader(std::io::BufReader::new(file));
        let headers = reader
            .headers()
            .map_err(|e| bad(Some(1), format!("cannot read the header: {e}")))?
            .clone();
        let find = |name: &str| headers.iter().position(|h| h.trim() == name);
        let id_index =
            find(&id_column).ok_or_else(|| bad(Some(1), format!("no id column `{id_column}`")))?;
        let mut indices = Vec::new();
        for c in &wanted {
            indices.push(
                find(c).ok_or_else(|| {
                    bad(Some(1), format!("no column `{c}` (a comparison uses it)"))
                })?,
            );
        }
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| p.line());
                    return Err(bad(line, format!("malformed CSV: {e}")));
                }
            }
            table
                .ids
                .push(record.get(id_index).unwrap_or("").trim().to_string());
            table.sources.push(source as u8);
            for (col, &i) in table.columns.iter_mut().zip(&indices) {
                col.push(record.get(i));
            }
        }
    }
    Ok(table)
}

#[derive(Debug, serde::Serialize)]
pub struct Score {
    pub true_pairs: usize,
    pub candidate_pairs_found: usize,
    /// Share of true pairs that blocking proposed.
    pub pair_completeness: f64,
    pub predicted_pairs: usize,
    pub correct_pairs: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Score links (pairs at or above the threshold) against known links given as
/// `left_id,right_id` rows.
pub fn score(linker: &Linker, threshold: f64, truth_path: &str) -> Result<Score, PipelineError> {
    let text = std::fs::read_to_string(truth_path).map_err(|source| PipelineError::Io {
        path: truth_path.to_string(),
        source,
    })?;
    let mut by_id: HashMap<(u8, &str), usize> = HashMap::new();
    for (i, id) in linker.ids().iter().enumerate() {
        by_id.insert((linker.source(i), id.as_str()), i);
    }
    let two_sources = linker
        .ids()
        .iter()
        .enumerate()
        .any(|(i, _)| linker.source(i) == 1);
    let mut truth: HashSet<(usize, usize)> = HashSet::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let Some((l, r)) = line.split_once(',') else {
            continue;
        };
        let left = by_id.get(&(0, l.trim()));
        let right = by_id.get(&(u8::from(two_sources), r.trim()));
        match (left, right) {
            (Some(&a), Some(&b)) => {
                truth.insert((a.min(b), a.max(b)));
            }
            _ => {
                return Err(PipelineError::Data {
                    path: truth_path.to_string(),
                    message: format!(
                        "line {}: ids `{}` and `{}` are not both in the data",
                        n + 1,
                        l.trim(),
                        r.trim()
                    ),
                })
            }
        }
    }
    let predicted: HashSet<(usize, usize)> = linker
        .pairs()
        .iter()
        .filter(|p| p.probability >= threshold)
        .map(|p| (p.a.min(p.b) as usize, p.a.max(p.b) as usize))
        .collect();
    let correct = predicted.intersection(&truth).count();
    let found = truth
        .iter()
        .filter(|(a, b)| linker.is_candidate(*a, *b))
        .count();
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    let precision = if predicted.is_empty() {
        1.0
    } else {
        ratio(correct, predicted.len())
    };
    let recall = ratio(correct, truth.len());
    Ok(Score {
        true_pairs: truth.len(),
        candidate_pairs_found: found,
        pair_completeness: ratio(found, truth.len()),
        predicted_pairs: predicted.len(),
        correct_pairs: correct,
        precision,
        recall,
        f1: if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        },
    })
}
