//! `candidates.json`: a JSON array of candidate objects shaped like Greenhouse Harvest's
//! `GET /v1/candidates`, one candidate per line, in id order.

use super::{json, timestamp, Ids};
use crate::career::{source_id, JOBS, STAGES};
use crate::world::{Built, Candidate, Outcome, NOW};
use serde::Serialize;

#[derive(Serialize)]
struct Typed<'a> {
    value: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

#[derive(Serialize)]
struct Value<'a> {
    value: &'a str,
}

#[derive(Serialize)]
struct Named<'a> {
    id: u64,
    name: &'a str,
}

#[derive(Serialize)]
struct Source<'a> {
    id: u64,
    public_name: &'a str,
}

#[derive(Serialize)]
struct Location {
    address: String,
}

#[derive(Serialize)]
struct Application<'a> {
    id: u64,
    candidate_id: u64,
    prospect: bool,
    applied_at: String,
    rejected_at: Option<String>,
    last_activity_at: String,
    location: Location,
    source: Source<'a>,
    credited_to: Option<()>,
    rejection_reason: Option<()>,
    jobs: Vec<Named<'a>>,
    status: &'a str,
    current_stage: Named<'a>,
    answers: Vec<()>,
}

#[derive(Serialize)]
struct Education<'a> {
    id: u64,
    school_name: &'a str,
    degree: &'a str,
    discipline: &'a str,
    start_date: String,
    end_date: String,
}

#[derive(Serialize)]
struct Employment<'a> {
    id: u64,
    company_name: &'a str,
    title: &'a str,
    start_date: String,
    end_date: Option<String>,
}

#[derive(Serialize)]
struct CustomFields<'a> {
    citizenship: &'a str,
    current_location: &'a str,
    resume_text: &'a str,
}

#[derive(Serialize)]
struct KeyedField<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct KeyedCustomFields<'a> {
    citizenship: KeyedField<'a>,
    current_location: KeyedField<'a>,
    resume_text: KeyedField<'a>,
}

#[derive(Serialize)]
struct GhCandidate<'a> {
    id: u64,
    first_name: &'a str,
    last_name: &'a str,
    company: &'a str,
    title: &'a str,
    created_at: String,
    updated_at: String,
    last_activity: String,
    is_private: bool,
    photo_url: Option<()>,
    attachments: Vec<()>,
    application_ids: Vec<u64>,
    phone_numbers: Vec<Typed<'a>>,
    addresses: Vec<Typed<'a>>,
    email_addresses: Vec<Typed<'a>>,
    website_addresses: Vec<Typed<'a>>,
    social_media_addresses: Vec<Value<'a>>,
    recruiter: Option<()>,
    coordinator: Option<()>,
    can_email: bool,
    tags: Vec<()>,
    applications: Vec<Application<'a>>,
    educations: Vec<Education<'a>>,
    employments: Vec<Employment<'a>>,
    custom_fields: CustomFields<'a>,
    keyed_custom_fields: KeyedCustomFields<'a>,
}

fn month(ym: (i32, u32)) -> String {
    format!("{:04}-{:02}-01T00:00:00.000Z", ym.0, ym.1)
}

fn render<'a>(
    c: &'a Candidate,
    address: &'a str,
    id: u64,
    app_id: u64,
    next_id: &mut u64,
) -> GhCandidate<'a> {
    let millis = (id % 997) as i64;
    let last = c.last_activity();
    let (status, rejected_at, stage) = match c.outcome {
        Outcome::Active { stage } => ("active", None, stage),
        Outcome::Rejected { at, stage } => ("rejected", Some(timestamp(at, millis)), stage),
        Outcome::Hired { .. } => ("hired", None, STAGES.len() - 1),
    };
    let (stage_id, stage_name) = STAGES[stage.min(STAGES.len() - 1)];
    let (job_id, job_name) = JOBS[c.job % JOBS.len()];
    let mut fresh = || {
        *next_id += 1;
        *next_id
    };
    GhCandidate {
        id,
        first_name: &c.first,
        last_name: &c.last,
        company: &c.company,
        title: &c.title,
        created_at: timestamp(c.applied, millis),
        updated_at: timestamp((last + 60).min(NOW), millis),
        last_activity: timestamp(last, millis),
        is_private: false,
        photo_url: None,
        attachments: Vec::new(),
        application_ids: vec![app_id],
        phone_numbers: c
            .phones
            .iter()
            .map(|p| Typed {
                value: &p.value,
                kind: p.kind,
            })
            .collect(),
        addresses: vec![Typed {
            value: address,
            kind: "home",
        }],
        email_addresses: c
            .emails
            .iter()
            .map(|e| Typed {
                value: &e.value,
                kind: e.kind,
            })
            .collect(),
        website_addresses: c
            .websites
            .iter()
            .map(|w| Typed {
                value: &w.value,
                kind: w.kind,
            })
            .collect(),
        social_media_addresses: c.socials.iter().map(|s| Value { value: s }).collect(),
        recruiter: None,
        coordinator: None,
        can_email: true,
        tags: Vec::new(),
        applications: vec![Application {
            id: app_id,
            candidate_id: id,
            prospect: false,
            applied_at: timestamp(c.applied, millis),
            rejected_at,
            last_activity_at: timestamp(last, millis),
            location: Location {
                address: c.location.clone(),
            },
            source: Source {
                id: source_id(c.source),
                public_name: c.source,
            },
            credited_to: None,
            rejection_reason: None,
            jobs: vec![Named {
                id: job_id,
                name: job_name,
            }],
            status,
            current_stage: Named {
                id: stage_id,
                name: stage_name,
            },
            answers: Vec::new(),
        }],
        educations: c
            .educations
            .iter()
            .map(|e| Education {
                id: fresh(),
                school_name: e.school,
                degree: e.degree,
                discipline: e.discipline,
                start_date: month((e.start_year, 9)),
                end_date: month((e.end_year, 6)),
            })
            .collect(),
        employments: c
            .employments
            .iter()
            .map(|e| Employment {
                id: fresh(),
                company_name: &e.company,
                title: &e.title,
                start_date: month(e.start),
                end_date: e.end.map(month),
            })
            .collect(),
        custom_fields: CustomFields {
            citizenship: c.citizenship,
            current_location: &c.location,
            resume_text: &c.resume,
        },
        keyed_custom_fields: KeyedCustomFields {
            citizenship: KeyedField {
                name: "Citizenship",
                kind: "short_text",
                value: c.citizenship,
            },
            current_location: KeyedField {
                name: "Current Location",
                kind: "short_text",
                value: &c.location,
            },
            resume_text: KeyedField {
                name: "Resume Text",
                kind: "long_text",
                value: &c.resume,
            },
        },
    }
}

/// The whole file: `[`, one compact candidate per line, `]`.
pub fn candidates_json(built: &Built, ids: &Ids) -> String {
    let mut order: Vec<usize> = (0..built.candidates.len()).collect();
    order.sort_by_key(|&i| ids.candidate[i]);
    let mut next_id = 56_000_000u64;
    let mut out = String::from("[\n");
    for (n, &i) in order.iter().enumerate() {
        let c = &built.candidates[i];
        let address = c.address.one_line();
        let gh = render(
            c,
            &address,
            ids.candidate[i],
            ids.application[i],
            &mut next_id,
        );
        out.push_str(&json(&gh, false));
        out.push_str(if n + 1 < order.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}
