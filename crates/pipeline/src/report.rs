//! The HTML report: one self-contained file (inline CSS, no scripts, nothing fetched) with a
//! summary, persona clusters with the links that hold them, and subjects by risk with every
//! finding and its evidence.

use crate::export::{build, Export};
use crate::PipelineError;
use std::collections::HashMap;
use std::fmt::Write;
use unmask_store::Store;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A control or bidi override from a hostile file shows as its escape instead of
            // reordering the page around it.
            c if unmask_model::text::is_hostile_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#1d2330;padding:0 1rem}\
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccd}table{border-collapse:collapse;width:100%;margin:.5rem 0}\
td,th{border:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f3f4f8}\
.r{font-weight:700;text-align:right}.high{color:#b00020}.med{color:#a15c00}.low{color:#555}\
.sev{font-size:.8rem;text-transform:uppercase;font-weight:700}.card{border:1px solid #dde;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}\
.muted{color:#667}code{background:#f3f4f8;padding:0 .2rem}ul{margin:.3rem 0}";

fn risk_class(r: u8) -> &'static str {
    match r {
        70.. => "high",
        45..=69 => "med",
        _ => "low",
    }
}

pub fn html(store: &dyn Store) -> Result<String, PipelineError> {
    let export = build(store)?;
    let data = crate::load(store)?;
    let names: HashMap<&str, &str> = data
        .subjects
        .iter()
        .map(|s| (s.id.as_str(), s.name.expose().as_str()))
        .collect();
    let sources = store.sources()?;
    Ok(render(&export, &names, &sources))
}

fn render(
    export: &Export,
    names: &HashMap<&str, &str>,
    sources: &[unmask_store::SourceRecord],
) -> String {
    let risk: HashMap<&str, u8> = export
        .subjects
        .iter()
        .map(|s| (s.reference.as_str(), s.risk))
        .collect();
    let name = |r: &str| esc(names.get(r).copied().unwrap_or(""));
    let mut h = String::new();
    let flagged: Vec<_> = export.subjects.iter().filter(|s| s.risk > 0).collect();
    let high = export.subjects.iter().filter(|s| s.risk >= 70).count();
    let _ = write!(
        h,
        "<!doctype html><html lang=en><meta charset=utf-8><title>unmask report</title><style>{STYLE}</style>\
         <h1>unmask investigation report</h1>\
         <p>{} candidates and employees analysed; <b>{high}</b> at risk 70 or more, {} with any risk; \
         {} persona clusters.</p>",
        export.subjects.len(),
        flagged.len(),
        export.clusters.len()
    );
    h.push_str("<h2>Sources</h2><table><tr><th>file</th><th>format</th><th>records</th><th>imported</th></tr>");
    for s in sources {
        let _ = write!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td class=r>{}</td><td>{}</td></tr>",
            esc(&s.file),
            esc(&s.format),
            s.records,
            esc(&s.imported_at)
        );
    }
    h.push_str("</table>");

    h.push_str("<h2>Persona clusters</h2><p class=muted>Records linked by shared identifiers or by the same \
                person applying again. Each link says why.</p>");
    let mut clusters: Vec<_> = export.clusters.iter().collect();
    clusters.sort_by_key(|c| {
        std::cmp::Reverse(
            c.members
                .iter()
                .map(|m| risk.get(m.as_str()).copied().unwrap_or(0))
                .max(),
        )
    });
    for c in clusters {
        let top = c
            .members
            .iter()
            .map(|m| risk.get(m.as_str()).copied().unwrap_or(0))
            .max()
            .unwrap_or(0);
        let _ = write!(
            h,
            "<div class=card id=\"{0}\"><b>{0}</b> — {1} records, highest risk <span class=\"{2}\">{3}</span><ul>",
            esc(&c.id),
            c.members.len(),
            risk_class(top),
            top
        );
        for m in &c.members {
            let _ = write!(h, "<li><a href=\"#{0}\">{0}</a> {1}</li>", esc(m), name(m));
        }
        h.push_str("</ul><details><summary>links</summary><ul>");
        for e in &c.edges {
            let _ = write!(
                h,
                "<li>{} ~ {}: {}</li>",
                esc(e.a.as_str()),
                esc(e.b.as_str()),
                esc(&e.reason)
            );
        }
        h.push_str("</ul></details></div>");
    }

    h.push_str("<h2>Subjects by risk</h2>");
    let mut by_risk = flagged.clone();
    by_risk.sort_by(|a, b| b.risk.cmp(&a.risk).then(a.reference.cmp(&b.reference)));
    for s in by_risk {
        let _ = write!(
            h,
            "<div class=card id=\"{0}\"><b>{0}</b> {1} <span class=muted>({2})</span> — risk \
             <span class=\"{3}\"><b>{4}</b></span><ul>",
            esc(&s.reference),
            name(&s.reference),
            esc(&s.kind),
            risk_class(s.risk),
            s.risk
        );
        let parts: Vec<String> = s
            .contributions
            .iter()
            .filter(|c| c.points.abs() >= 0.05)
            .map(|c| {
                let what = if c.severity.is_some() {
                    c.kind.as_str()
                } else {
                    "prior"
                };
                format!("{} {:+.1}", esc(what), c.points)
            })
            .collect();
        if !parts.is_empty() {
            let _ = write!(
                h,
                "<li class=muted>risk adds up as: {}</li>",
                parts.join(", ")
            );
        }
        for f in &s.findings {
            let sev = match f.severity.as_str() {
                "critical" | "high" => "high",
                "medium" => "med",
                _ => "low",
            };
            let _ = write!(
                h,
                "<li><span class=\"sev {sev}\">{}</span> <code>{}</code> {}<details><summary>evidence ({})</summary><ul>",
                esc(&f.severity),
                esc(&f.kind),
                esc(&f.explanation),
                f.evidence.len()
            );
            for e in &f.evidence {
                let what = match (&e.artifact, &e.role, &e.masked) {
                    (Some(k), Some(r), Some(m)) => format!("{} ({r}) {m}", k.label()),
                    _ => "record".to_string(),
                };
                let _ = write!(
                    h,
                    "<li>{} — {} — <code>{}</code></li>",
                    esc(e.subject.as_str()),
                    esc(&what),
                    esc(&e.provenance.to_string())
                );
            }
            h.push_str("</ul></details></li>");
        }
        h.push_str("</ul></div>");
    }
    let quiet = export.subjects.len() - flagged.len();
    let _ = writeln!(
        h,
        "<p class=muted>{quiet} other subjects have no finding above info and risk 0 (the prior \
         for their kind of subject rounds to 0).</p>"
    );
    // The offline IP data's licence (CC BY 4.0) asks for credit wherever results derived from it
    // are shown: the post-hire checks locate sign-ins with it.
    let located = export.subjects.iter().any(|s| {
        s.findings
            .iter()
            .any(|f| LOCATED.contains(&f.kind.as_str()))
    });
    if located {
        h.push_str(
            "<p class=muted>Sign-in locations: IP to country and ASN from ip-location-db \
             (github.com/sapics/ip-location-db), built from IP Geolocation by DB-IP (db-ip.com), \
             RouteViews and the regional internet registries' data published by the NRO, \
             licensed CC BY 4.0.</p>",
        );
    }
    h.push_str("</html>\n");
    h
}

/// Finding kinds that rest on locating sign-in addresses with the offline IP data.
const LOCATED: [&str; 3] = [
    "signin_location_mismatch",
    "device_location_mismatch",
    "impossible_travel",
];

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>\"x\"&'y'</script>"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(esc("Ann\u{202e}eeL\u{1b}"), "Ann\\u{202e}eeL\\u{1b}");
    }
}
