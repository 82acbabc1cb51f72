//! `unmask eval --truth DIR/truth.json`: score the stored analysis against ground truth.

use super::Global;
use crate::args::{Eval, OutputFormat};
use crate::output;
use anyhow::Result;
use std::process::ExitCode;
use unmask_pipeline::eval::EvalReport;

pub fn run(global: &Global, args: &Eval) -> Result<ExitCode> {
    let store = super::analysed_store(global)?;
    let report = evaluate(&store, &args.truth)?;
    match args.format {
        OutputFormat::Json => crate::output::json(&serde_json::to_string_pretty(&report)?)?,
        OutputFormat::Table => crate::out!("{}", render(&report)),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn evaluate(store: &unmask_store::SqliteStore, truth: &str) -> Result<EvalReport> {
    let truth = unmask_pipeline::eval::load_truth(truth)?;
    let export = unmask_pipeline::export::build(store)?;
    Ok(unmask_pipeline::eval::evaluate(&export, &truth))
}

/// A ratio to `digits` decimals, `n/a` when undefined.
fn opt(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.digits$}"))
}

pub fn render(r: &EvalReport) -> String {
    let p = &r.pairwise;
    let mut s = format!(
        "subjects {}  operators {} ({} records)\n\
         clusters pairwise: precision {}  recall {}  F1 {}  ({} correct of {} predicted, {} true pairs)\n",
        r.subjects,
        r.operators,
        r.operator_refs,
        opt(p.precision, 4),
        opt(p.recall, 4),
        opt(p.f1, 4),
        p.correct_pairs,
        p.predicted_pairs,
        p.true_pairs
    );
    let rows: Vec<Vec<String>> = r
        .thresholds
        .iter()
        .map(|t| {
            vec![
                format!(">= {}", t.risk),
                format!("{:.3}", t.operator_recall),
                format!("{:.3}", t.persona_recall),
                format!("{}/{}", t.innocents_flagged, t.innocents),
                format!("{:.4}", t.false_positive_rate),
            ]
        })
        .collect();
    s.push_str(&output::table(
        &[
            "RISK",
            "OPERATOR RECALL",
            "PERSONA RECALL",
            "INNOCENTS FLAGGED",
            "FPR",
        ],
        &rows,
    ));
    let rows: Vec<Vec<String>> = r
        .lookalikes
        .iter()
        .map(|l| {
            vec![
                l.kind.clone(),
                l.groups.to_string(),
                l.subjects.to_string(),
                l.flagged_50.to_string(),
                l.flagged_high.to_string(),
                l.linked.to_string(),
            ]
        })
        .collect();
    s.push_str(&output::table(
        &[
            "LOOK-ALIKE",
            "GROUPS",
            "SUBJECTS",
            "RISK>=50",
            "RISK>=70",
            "LINKED",
        ],
        &rows,
    ));
    let rows: Vec<Vec<String>> = r
        .facilitators
        .iter()
        .map(|f| {
            vec![
                f.kind.clone(),
                f.planted.to_string(),
                f.found.to_string(),
                f.found_by_reuse.to_string(),
                f.extra.to_string(),
            ]
        })
        .collect();
    let tactic_rows: Vec<Vec<String>> = r
        .tactics
        .iter()
        .filter(|t| t.planted > 0 || t.others_flagged > 0)
        .map(|t| {
            vec![
                t.tactic.clone(),
                t.planted.to_string(),
                t.flagged.to_string(),
                t.others_flagged.to_string(),
            ]
        })
        .collect();
    s.push_str(&output::table(
        &[
            "FACILITATOR",
            "PLANTED",
            "FOUND (GRAPH)",
            "FOUND (PAIRWISE REUSE)",
            "OTHER PEOPLE FLAGGED",
        ],
        &rows,
    ));
    if !tactic_rows.is_empty() {
        s.push_str(&output::table(
            &[
                "ENDPOINT TACTIC",
                "PLANTED",
                "FLAGGED",
                "OTHER PEOPLE FLAGGED",
            ],
            &tactic_rows,
        ));
    }
    let h = &r.post_hire;
    if h.operators > 0 {
        let median = if h.days.is_empty() {
            "-".to_string()
        } else {
            format!("{:.1}", h.days[h.days.len() / 2])
        };
        s.push_str(&format!(
            "post-hire (findings over telemetry, high or critical): operators detected {}/{}, \
             within 14 days of hire {}/{} ({:.0} %), median {median} days; innocent employees \
             flagged {}/{} (false-positive rate {:.4})\n",
            h.detected,
            h.operators,
            h.within_14_days,
            h.operators,
            100.0 * h.within_14_days as f64 / h.operators as f64,
            h.innocents_flagged,
            h.innocent_employees,
            h.false_positive_rate
        ));
        let first: Vec<String> = h
            .first_kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        s.push_str(&format!("  first high finding: {}\n", first.join(", ")));
    }
    let rows: Vec<Vec<String>> = r
        .reliability
        .iter()
        .map(|b| {
            vec![
                format!("{}-{}", b.from, b.to),
                b.subjects.to_string(),
                b.operators.to_string(),
                opt(b.operator_share, 3),
            ]
        })
        .collect();
    s.push_str(&output::table(
        &[
            "RISK BAND",
            "SUBJECTS",
            "OPERATOR RECORDS",
            "SHARE OPERATORS",
        ],
        &rows,
    ));
    s.push_str(&format!(
        "Brier score (risk / 100 as the probability of an operator record): {}\n",
        opt(r.brier, 4)
    ));
    let rows: Vec<Vec<String>> = r
        .name_cultures
        .iter()
        .map(|c| {
            vec![
                c.culture.clone(),
                c.innocents.to_string(),
                format!(
                    "{} ({})",
                    c.flagged_50,
                    opt(c.rate_50.map(|x| 100.0 * x), 2)
                ),
                format!(
                    "{} ({})",
                    c.flagged_70,
                    opt(c.rate_70.map(|x| 100.0 * x), 2)
                ),
            ]
        })
        .collect();
    if !rows.is_empty() {
        s.push_str(&output::table(
            &["NAME CULTURE", "INNOCENTS", "RISK>=50 (%)", "RISK>=70 (%)"],
            &rows,
        ));
    }
    s
}
