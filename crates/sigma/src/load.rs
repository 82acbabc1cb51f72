//! Reading rule files: every file that does not load, or loads only in part, is in the
//! [`LoadReport`] with the reason. Nothing is dropped silently.

use crate::ruleset::{Builder, RuleSet};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Rule files larger than this are not read (SigmaHQ's largest is a few tens of KiB).
const MAX_RULE_FILE: u64 = 4 << 20;

/// One rule file's name (for the report) and text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// What loading gave.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Rule files read.
    pub files: usize,
    /// Detection rules loaded.
    pub rules: usize,
    pub correlations: usize,
    pub filters: usize,
    /// Rules and correlations read a second time with the same id and content (the built-in
    /// pack and a copy of its folder): loaded once, not a problem.
    pub duplicates: usize,
    /// Everything that did not load, and what loaded with a warning.
    pub problems: Vec<LoadProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    pub file: String,
    /// The rule's id or title, when the problem is with one rule of the file.
    pub rule: Option<String>,
    pub reason: String,
    /// False for a warning about a rule that loaded anyway.
    pub dropped: bool,
}

impl LoadReport {
    /// Files that gave no rule at all.
    pub fn failed_files(&self) -> Vec<&str> {
        let mut files: Vec<&str> = self
            .problems
            .iter()
            .filter(|p| p.dropped)
            .map(|p| p.file.as_str())
            .collect();
        files.dedup();
        files
    }

    /// Dropped rules and files counted by reason, with the specifics (quoted values, numbers)
    /// left out so that like reasons group together.
    pub fn reasons(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for p in self.problems.iter().filter(|p| p.dropped) {
            *out.entry(generalise(&p.reason)).or_insert(0) += 1;
        }
        out
    }

    pub(crate) fn problem(
        &mut self,
        file: &str,
        rule: Option<&str>,
        reason: String,
        dropped: bool,
    ) {
        self.problems.push(LoadProblem {
            file: file.to_string(),
            rule: rule.map(str::to_string),
            reason,
            dropped,
        });
    }
}

/// The reason without the values in it: text in quotes or backticks becomes `…`.
fn generalise(reason: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in reason.chars() {
        match quote {
            Some(q) if c == q => {
                out.push('…');
                out.push(q);
                quote = None;
            }
            Some(_) => {}
            None if matches!(c, '\'' | '`' | '"') => {
                out.push(c);
                quote = Some(c);
            }
            None => out.push(c),
        }
    }
    if quote.is_some() {
        out.push('…');
    }
    out.chars().take(160).collect()
}

impl RuleSet {
    /// Load every `.yml` and `.yaml` file under `dirs` (recursively, in path order).
    pub fn load<P: AsRef<Path>>(dirs: &[P]) -> (RuleSet, LoadReport) {
        Self::load_with(Vec::new(), dirs)
    }

    /// Rules already in memory (an embedded rule pack) together with every rule file under
    /// `dirs`, in one set, so correlations in one may refer to rules in the other.
    pub fn load_with<P: AsRef<Path>>(first: Vec<Source>, dirs: &[P]) -> (RuleSet, LoadReport) {
        let mut report = LoadReport::default();
        let mut builder = Builder::default();
        for source in first {
            report.files += 1;
            builder.add_file(&source.name, &source.text, &mut report);
        }
        Self::load_into(builder, report, dirs)
    }

    fn load_into<P: AsRef<Path>>(
        mut builder: Builder,
        mut report: LoadReport,
        dirs: &[P],
    ) -> (RuleSet, LoadReport) {
        let mut paths = Vec::new();
        for dir in dirs {
            walk(dir.as_ref(), &mut paths, &mut report);
        }
        paths.sort();
        for path in paths {
            let name = path.display().to_string();
            report.files += 1;
            match read_capped(&path) {
                Ok(text) => builder.add_file(&name, &text, &mut report),
                Err(reason) => report.problem(&name, None, reason, true),
            }
        }
        (builder.finish(&mut report), report)
    }

    /// Load rules from texts already in memory (tests, embedded rule packs).
    pub fn from_sources<I: IntoIterator<Item = Source>>(sources: I) -> (RuleSet, LoadReport) {
        let mut report = LoadReport::default();
        let mut builder = Builder::default();
        for source in sources {
            report.files += 1;
            builder.add_file(&source.name, &source.text, &mut report);
        }
        (builder.finish(&mut report), report)
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, report: &mut LoadReport) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            report.problem(
                &dir.display().to_string(),
                None,
                format!("cannot read the directory: {e}"),
                true,
            );
            return;
        }
    };
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                report.problem(
                    &dir.display().to_string(),
                    None,
                    format!("cannot list the directory: {e}"),
                    true,
                );
                continue;
            }
        };
        if path.is_dir() {
            walk(&path, out, report);
        } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(path);
        }
    }
}

fn read_capped(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut text = String::new();
    file.take(MAX_RULE_FILE + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read: {e}"))?;
    if text.len() as u64 > MAX_RULE_FILE {
        return Err(format!("larger than {} MiB", MAX_RULE_FILE >> 20));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_group_without_their_values() {
        assert_eq!(
            generalise("unknown modifier 'foo' in `CommandLine|foo`"),
            "unknown modifier '…' in `…`"
        );
    }
}
