//! `unmask link --config link.toml DATA.csv [DATA2.csv]`: probabilistic record linkage on any
//! table, like Splink: dedupe one file or link two, writing pairs with match probabilities and
//! clusters.

use crate::args::{Link, OutputFormat};
use crate::output;
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use unmask_linkage::compare::Kind;
use unmask_linkage::{Estimation, Linker};
use unmask_pipeline::link::{load_settings, load_table, score};

pub fn run(args: &Link) -> Result<ExitCode> {
    let started = Instant::now();
    let settings = load_settings(&args.config)?;
    let names: Vec<&str> = settings
        .comparisons
        .iter()
        .filter(|c| c.kind == Kind::Name)
        .map(|c| c.column.as_str())
        .collect();
    if names.len() >= 2 {
        // Two `name` columns are usually one name in parts; as `name` they are compared
        // apart, so swapped or shortened names count as different.
        output::warning(&format!(
            "`{}` are compared as whole names (`kind = \"name\"`)",
            names.join("`, `")
        ));
        output::hint(
            "a given name and a surname in their own columns compare better as `kind = \"name_part\"`: \
             swapped and shortened names then meet",
        );
    }
    output::info(&format!("reading {}", args.data.join(", ")));
    let table = load_table(&args.data, &settings)?;
    let records = table.len();
    output::info(&format!("linking {records} records"));
    let linker = Linker::train_with(table, &settings, Estimation::Floored)
        .context("preparing the records")?;
    let links = linker
        .pairs()
        .iter()
        .filter(|p| p.probability >= settings.threshold)
        .count();
    let clusters = linker.clusters();
    if let Some(dir) = &args.out {
        write_outputs(&linker, dir)?;
    }
    let stats = linker.stats();
    let elapsed = started.elapsed().as_secs_f64();
    let truth = args
        .truth
        .as_deref()
        .map(|t| score(&linker, settings.threshold, t))
        .transpose()?;
    let summary = serde_json::json!({
        "records": records,
        "candidate_pairs": stats.pairs,
        "candidate_pairs_per_rule": settings.blocking.iter().zip(&stats.per_rule)
            .map(|(r, n)| serde_json::json!({"rule": r.describe(), "pairs": n})).collect::<Vec<_>>(),
        "skipped_blocks": stats.skipped_blocks,
        "skipped_pairs": stats.skipped_pairs,
        "links": links,
        "clusters": clusters.len(),
        "records_in_clusters": clusters.iter().map(Vec::len).sum::<usize>(),
        "threshold": settings.threshold,
        "lambda": linker.model().lambda,
        "seconds": elapsed,
        "score": truth,
    });
    match args.format {
        OutputFormat::Json => crate::output::json(&serde_json::to_string_pretty(&summary)?)?,
        OutputFormat::Table => {
            crate::outln!(
                "{} records, {} candidate pairs, {} links at p >= {}, {} clusters ({:.2} s)",
                records,
                stats.pairs,
                links,
                settings.threshold,
                clusters.len(),
                elapsed
            );
            for (rule, n) in settings.blocking.iter().zip(&stats.per_rule) {
                crate::outln!("  blocking {}: {n} pairs", rule.describe());
            }
            if stats.skipped_blocks > 0 {
                crate::outln!(
                    "  skipped {} oversized blocks ({} pairs)",
                    stats.skipped_blocks,
                    stats.skipped_pairs
                );
            }
            if let Some(s) = &truth {
                crate::outln!(
                    "  vs truth: precision {:.4} recall {:.4} F1 {:.4}; pair completeness {:.4} ({} of {} true pairs proposed)",
                    s.precision, s.recall, s.f1, s.pair_completeness, s.candidate_pairs_found, s.true_pairs
                );
            }
        }
    }
    if args.explain {
        crate::out!("{}", explain(&linker, &clusters));
    }
    Ok(ExitCode::SUCCESS)
}

fn write_outputs(linker: &Linker, dir: &str) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating `{dir}`"))?;
    let ids = linker.ids();
    let path = format!("{dir}/pairs.csv");
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("creating `{path}`"))?,
    );
    writeln!(w, "left_id,right_id,match_probability,match_weight")?;
    for p in linker.pairs() {
        let (a, b) = (p.a as usize, p.b as usize);
        let (l, r) = if linker.source(a) <= linker.source(b) {
            (a, b)
        } else {
            (b, a)
        };
        writeln!(
            w,
            "{},{},{:.6},{:.4}",
            csv_field(&ids[l]),
            csv_field(&ids[r]),
            p.probability,
            p.weight
        )?;
    }
    w.flush()?;
    let path = format!("{dir}/clusters.csv");
    let mut w = std::io::BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("creating `{path}`"))?,
    );
    writeln!(w, "cluster_id,source,record_id")?;
    for (i, id) in ids.iter().enumerate() {
        writeln!(
            w,
            "{},{},{}",
            csv_field(linker.cluster_id(i)),
            linker.source(i),
            csv_field(id)
        )?;
    }
    w.flush()?;
    output::info(&format!("wrote {dir}/pairs.csv and {dir}/clusters.csv"));
    Ok(())
}

/// One CSV cell: a value a spreadsheet would run as a formula (`=HYPERLINK(..)`, `@SUM(1)`,
/// `+`, `-`, a leading tab or carriage return) gets a `'` in front, per OWASP's CSV injection
/// guidance, and a cell with a separator, quote or line break is quoted.
fn csv_field(s: &str) -> String {
    let guarded;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{s}");
        guarded.as_str()
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The model's weights, then the evidence holding the largest clusters together.
fn explain(linker: &Linker, clusters: &[Vec<u32>]) -> String {
    let model = linker.model();
    let mut s = format!(
        "\nmodel: prior match probability {:.3e} (weight {:.2}); {} EM iterations\n",
        model.lambda,
        model.prior_weight(),
        model.em_iterations
    );
    for c in &model.comparisons {
        s.push_str(&format!(
            "\n{} ({}{}{})\n",
            c.column,
            c.kind.as_str(),
            if c.tf.is_some() {
                ", term-frequency adjusted"
            } else {
                ""
            },
            match c.m_from_rule {
                Some(r) => format!("; m from the pairs of blocking rule {}", r + 1),
                None => "; m not estimated: every blocking rule uses this column".to_string(),
            }
        ));
        let rows: Vec<Vec<String>> = c
            .levels()
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let l = i + 1;
                vec![
                    label.to_string(),
                    format!("{:.4}", c.m[l]),
                    format!("{:.6}", c.u[l]),
                    format!("{:+.2}", c.level_weight(l)),
                ]
            })
            .collect();
        s.push_str(&output::table(&["LEVEL", "M", "U", "WEIGHT"], &rows));
    }
    let mut biggest: Vec<&Vec<u32>> = clusters.iter().collect();
    biggest.sort_by_key(|c| std::cmp::Reverse(c.len()));
    for cluster in biggest.into_iter().take(3) {
        s.push_str(&format!(
            "\ncluster {} ({} records)\n",
            linker.cluster_id(cluster[0] as usize),
            cluster.len()
        ));
        for p in linker
            .pairs()
            .iter()
            .filter(|p| {
                p.probability >= REPORTED && cluster.contains(&p.a) && cluster.contains(&p.b)
            })
            .take(6)
        {
            let ids = linker.ids();
            s.push_str(&format!(
                "  {} ~ {}: p {:.4}, weight {:.2}\n",
                ids[p.a as usize], ids[p.b as usize], p.probability, p.weight
            ));
            for (column, level, w) in linker.explain(p.a as usize, p.b as usize) {
                s.push_str(&format!("    {column}: {level} ({w:+.2})\n"));
            }
        }
    }
    s
}

const REPORTED: f64 = 0.5;

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn formulas_are_guarded_and_separators_quoted() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("@SUM(1)"), "'@SUM(1)");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("rec-1"), "rec-1");
    }
}
