//! Resume text. Innocents get a paragraph assembled from varied sentence pools with their own
//! employers and numbers, so no two are alike. An operator writes one template and edits it per
//! persona: careless operators change a number or a word, careful ones reorder the sentences
//! and swap synonyms, which text similarity can still catch.

use crate::names::pick;
use rand::seq::SliceRandom;
use rand::Rng;

const TECH: &[&str] = &[
    "Go",
    "Rust",
    "Python",
    "TypeScript",
    "Java",
    "Kotlin",
    "Swift",
    "React",
    "Node.js",
    "PostgreSQL",
    "Kafka",
    "Kubernetes",
    "Terraform",
    "GraphQL",
    "Django",
    "Spring Boot",
    "Elixir",
    "Scala",
    "Redis",
    "Snowflake",
];

const OPENERS: &[&str] = &[
    "{title} with {y} years of experience, most recently at {company}.",
    "I have spent the last {y} years as a {title_lc}, currently at {company}.",
    "{y} years into my career as a {title_lc}; right now I work at {company}.",
    "Currently a {title_lc} at {company}, where I have been for {m} years.",
    "{title} based in {city} with {y} years in industry, now at {company}.",
    "Hands-on {title_lc} ({y} years), the last {m} of them at {company}.",
];

const VERBS: &[&str] = &[
    "rebuilt",
    "led the migration of",
    "owned",
    "designed",
    "maintained",
    "scaled",
    "introduced",
    "rewrote",
    "took over",
];

const THINGS: &[&str] = &[
    "the billing pipeline",
    "our internal feature-flag service",
    "the Android checkout flow",
    "a Kafka-based event bus",
    "the search indexer",
    "CI for a 40-person team",
    "the reporting warehouse",
    "a GraphQL gateway",
    "the onboarding flow",
    "an on-call rotation and its runbooks",
    "the fraud scoring service",
    "the mobile release train",
];

const RESULTS: &[&str] = &[
    "cut p95 latency by {pct}%",
    "saved roughly ${k}k a year in cloud spend",
    "reduced failed deploys by {pct}%",
    "let us onboard {n} new customers a month",
    "halved page load time",
    "removed {n} hours of manual work a week",
    "took incident count down {pct}% over two quarters",
];

const PREVIOUS: &[&str] = &[
    "Before that I spent {y2} years at {company2} working on {domain}.",
    "Earlier, at {company2}, I worked on {domain} for {y2} years.",
    "I started out at {company2} doing {domain}.",
];

const DOMAINS: &[&str] = &[
    "payments",
    "logistics software",
    "healthcare data",
    "ad tech",
    "developer tooling",
    "e-commerce search",
    "insurance claims",
    "streaming video",
    "ed-tech content",
    "telecom billing",
];

const SKILLS: &[&str] = &[
    "Day to day I use {t1}, {t2} and {t3}.",
    "Most comfortable in {t1} and {t2}, currently learning {t3}.",
    "My usual stack is {t1} with {t2}; lately a lot of {t3}.",
];

const HOBBIES: &[&str] = &[
    "mentor at a local coding bootcamp",
    "maintain a small open-source {t1} library",
    "coach youth soccer",
    "run half marathons",
    "volunteer with a civic-tech group",
    "write about distributed systems on my blog",
    "play in a jazz band",
    "build mechanical keyboards",
    "teach an evening class on databases",
];

const LOOKING: &[&str] = &[
    "Looking for a team that cares about code review.",
    "I would like to work somewhere that ships small and often.",
    "Hoping to join a team that takes testing seriously.",
    "Interested in teams that value written communication.",
    "Keen on problems in healthcare and climate.",
    "Drawn to companies building developer tools.",
];

/// What an innocent's paragraph is built from.
pub struct Facts<'a> {
    pub title: &'a str,
    pub company: &'a str,
    pub previous: &'a str,
    pub city: &'a str,
    pub years: u32,
}

fn fill(s: &str, facts: &Facts<'_>, techs: &[&str], rng: &mut impl Rng) -> String {
    s.replace("{title_lc}", &facts.title.to_lowercase())
        .replace("{title}", facts.title)
        .replace("{company2}", facts.previous)
        .replace("{company}", facts.company)
        .replace("{city}", facts.city)
        .replace("{y2}", &rng.gen_range(1..5).to_string())
        .replace("{y}", &facts.years.to_string())
        .replace(
            "{m}",
            &rng.gen_range(1..=facts.years.clamp(1, 6)).to_string(),
        )
        .replace("{pct}", &rng.gen_range(12..71).to_string())
        .replace("{k}", &rng.gen_range(20..400).to_string())
        .replace("{n}", &rng.gen_range(3..60).to_string())
        .replace("{domain}", pick(DOMAINS, rng))
        .replace("{t1}", techs[0])
        .replace("{t2}", techs[1])
        .replace("{t3}", techs[2])
}

/// A paragraph of four to six sentences; the caller retries until it is unique.
pub fn innocent(facts: &Facts<'_>, rng: &mut impl Rng) -> String {
    let techs: Vec<&str> = TECH.choose_multiple(rng, 3).copied().collect();
    let mut out = vec![fill(pick(OPENERS, rng), facts, &techs, rng)];
    let work = format!(
        "At {} I {} {}, which {}.",
        facts.company,
        pick(VERBS, rng),
        pick(THINGS, rng),
        pick(RESULTS, rng)
    );
    out.push(fill(&work, facts, &techs, rng));
    if rng.gen_bool(0.7) {
        out.push(fill(pick(PREVIOUS, rng), facts, &techs, rng));
    }
    out.push(fill(pick(SKILLS, rng), facts, &techs, rng));
    if rng.gen_bool(0.5) {
        let hobby = format!("Outside work I {}.", pick(HOBBIES, rng));
        out.push(fill(&hobby, facts, &techs, rng));
    }
    if rng.gen_bool(0.6) {
        out.push(pick(LOOKING, rng).to_string());
    }
    out.join(" ")
}

/// The sales-pitch sentences operators' resumes are made of.
const PITCH: &[&str] = &[
    "Highly motivated {title} with {y}+ years of experience in {d1} and {d2} development.",
    "Proficient in {t1}, {t2}, {t3} and {t4}, with a strong focus on clean architecture and scalable solutions.",
    "Successfully delivered {n}+ projects for clients in {i1}, {i2} and {i3}.",
    "Experienced in building responsive web applications and RESTful APIs from scratch.",
    "Passionate about {p1} and {p2}, always eager to learn new technologies.",
    "Strong communication skills and comfortable working in different time zones.",
    "Available to work full-time remotely and can start immediately.",
    "Committed to delivering high-quality code on time and exceeding client expectations.",
    "Hands-on experience with {cloud} cloud services, Docker and CI/CD pipelines.",
    "Team player who enjoys collaborating with cross-functional teams.",
];

const PITCH_DOMAINS: &[&str] = &[
    "web",
    "mobile",
    "blockchain",
    "backend",
    "frontend",
    "cloud",
];
const PITCH_TECH: &[&str] = &[
    "React",
    "Next.js",
    "Node.js",
    "TypeScript",
    "Python",
    "Django",
    "Solidity",
    "Web3.js",
    "Flutter",
    "React Native",
    "Laravel",
    "Vue.js",
    "Go",
    "AWS Lambda",
];
const INDUSTRIES: &[&str] = &[
    "fintech",
    "e-commerce",
    "healthcare",
    "real estate",
    "logistics",
    "gaming",
    "DeFi",
    "education",
];
const TOPICS: &[&str] = &[
    "blockchain",
    "AI integrations",
    "cloud-native development",
    "Web3",
    "performance tuning",
    "mobile UX",
];
const CLOUDS: &[&str] = &["AWS", "GCP", "Azure"];

/// Phrase swaps a careful operator makes so the text is not a copy.
const SYNONYMS: &[(&str, &str)] = &[
    ("Highly motivated", "Self-driven"),
    ("years of experience", "years of hands-on experience"),
    ("Proficient in", "Skilled in"),
    ("strong focus on", "keen focus on"),
    ("scalable solutions", "high-performance solutions"),
    ("Successfully delivered", "Delivered"),
    ("projects for clients", "products for customers"),
    ("building", "developing"),
    ("from scratch", "end to end"),
    ("Passionate about", "Enthusiastic about"),
    ("always eager to learn", "always keen to pick up"),
    (
        "Strong communication skills",
        "Excellent communication skills",
    ),
    ("comfortable working", "used to working"),
    ("Available to work", "Open to working"),
    ("can start immediately", "ready to start right away"),
    ("high-quality code", "clean, maintainable code"),
    ("exceeding client expectations", "exceeding expectations"),
    ("Hands-on experience with", "Practical experience with"),
    ("Team player who enjoys", "Collaborative engineer who likes"),
];

/// One operator's resume template: which pitch sentences, in which order, with which values.
pub struct Template {
    order: Vec<usize>,
    title: &'static str,
    years: u32,
    techs: Vec<&'static str>,
    domains: Vec<&'static str>,
    industries: Vec<&'static str>,
    topics: Vec<&'static str>,
    cloud: &'static str,
    projects: u32,
}

impl Template {
    pub fn new(title: &'static str, rng: &mut impl Rng) -> Template {
        let mut order: Vec<usize> = (0..PITCH.len()).collect();
        order.shuffle(rng);
        order.truncate(rng.gen_range(5..=7));
        // The headline sentence leads when it is used, as it does on real resumes.
        order.sort_by_key(|&i| i != 0);
        Template {
            order,
            title,
            years: rng.gen_range(6..12),
            techs: PITCH_TECH.choose_multiple(rng, 4).copied().collect(),
            domains: PITCH_DOMAINS.choose_multiple(rng, 2).copied().collect(),
            industries: INDUSTRIES.choose_multiple(rng, 3).copied().collect(),
            topics: TOPICS.choose_multiple(rng, 2).copied().collect(),
            cloud: pick(CLOUDS, rng),
            projects: rng.gen_range(15..60),
        }
    }

    pub fn title(&self) -> &'static str {
        self.title
    }

    fn render(&self, order: &[usize], years: u32, techs: &[&str]) -> Vec<String> {
        order
            .iter()
            .map(|&i| {
                PITCH[i]
                    .replace("{title}", self.title)
                    .replace("{y}", &years.to_string())
                    .replace("{d1}", self.domains[0])
                    .replace("{d2}", self.domains[1])
                    .replace("{t1}", techs[0])
                    .replace("{t2}", techs[1])
                    .replace("{t3}", techs[2])
                    .replace("{t4}", techs[3])
                    .replace("{n}", &self.projects.to_string())
                    .replace("{i1}", self.industries[0])
                    .replace("{i2}", self.industries[1])
                    .replace("{i3}", self.industries[2])
                    .replace("{p1}", self.topics[0])
                    .replace("{p2}", self.topics[1])
                    .replace("{cloud}", self.cloud)
            })
            .collect()
    }

    /// The template with small edits: the years moved, perhaps one technology swapped or the
    /// last sentence dropped.
    pub fn edited(&self, rng: &mut impl Rng) -> String {
        let years = (self.years + rng.gen_range(0..3)).saturating_sub(1);
        let mut techs = self.techs.clone();
        if rng.gen_bool(0.4) {
            let swap = pick(PITCH_TECH, rng);
            if !techs.contains(&swap) {
                techs[rng.gen_range(0..4)] = swap;
            }
        }
        let mut order = self.order.clone();
        if order.len() > 5 && rng.gen_bool(0.3) {
            order.pop();
        }
        self.render(&order, years, &techs).join(" ")
    }

    /// A paraphrase: sentences reordered, about half of the applicable synonyms swapped.
    pub fn paraphrased(&self, rng: &mut impl Rng) -> String {
        let years = self.years + rng.gen_range(0..3);
        let mut order = self.order.clone();
        order.shuffle(rng);
        let mut sentences = self.render(&order, years, &self.techs);
        for sentence in &mut sentences {
            for (from, to) in SYNONYMS {
                if sentence.contains(from) && rng.gen_bool(0.5) {
                    *sentence = sentence.replace(from, to);
                }
            }
        }
        sentences.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn variants_share_words_but_differ() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let t = Template::new("Senior Full Stack Developer", &mut rng);
        let a = t.edited(&mut rng);
        let b = t.paraphrased(&mut rng);
        assert_ne!(a, b);
        assert!(a.contains("with a strong focus") || !a.contains("Proficient"));
        let facts = Facts {
            title: "Data Engineer",
            company: "Redwood Data",
            previous: "Atlas Freight",
            city: "Denver",
            years: 7,
        };
        let x = innocent(&facts, &mut rng);
        assert!(x.contains("Redwood Data"), "{x}");
    }
}
