//! Resume and cover text: near-duplicates by MinHash over word shingles. Shingles are taken
//! within sentences, so reordering sentences keeps them; words are lightly stemmed and common
//! resume synonyms are mapped to one word, so "developed scalable services" and "built scalable
//! services" meet. Levels by estimated Jaccard similarity: >= 0.6, >= 0.35, >= 0.15, lower.

use super::normalize;

pub const LEVELS: &[&str] = &[
    "Jaccard >= 0.6",
    "Jaccard >= 0.35",
    "Jaccard >= 0.15",
    "different",
];

pub const MINHASH_SIZE: usize = 64;
/// LSH bands for blocking: 16 bands of 4 rows (a pair at Jaccard 0.5 shares a band with
/// probability about 0.65, at 0.3 about 0.12).
pub const BANDS: usize = 16;
pub const ROWS: usize = MINHASH_SIZE / BANDS;

const SYNONYMS: &[(&str, &str)] = &[
    ("developed", "build"),
    ("develop", "build"),
    ("built", "build"),
    ("created", "build"),
    ("create", "build"),
    ("implemented", "build"),
    ("implement", "build"),
    ("designed", "build"),
    ("engineered", "build"),
    ("delivered", "build"),
    ("experienced", "skill"),
    ("skilled", "skill"),
    ("proficient", "skill"),
    ("expert", "skill"),
    ("expertise", "skill"),
    ("seasoned", "skill"),
    ("developer", "engineer"),
    ("programmer", "engineer"),
    ("engineer", "engineer"),
    ("led", "lead"),
    ("managed", "lead"),
    ("headed", "lead"),
    ("directed", "lead"),
    ("worked", "work"),
    ("collaborated", "work"),
    ("using", "use"),
    ("leveraging", "use"),
    ("utilizing", "use"),
    ("utilising", "use"),
    ("applications", "app"),
    ("application", "app"),
    ("apps", "app"),
    ("robust", "scalable"),
    ("reliable", "scalable"),
    ("yrs", "year"),
    ("years", "year"),
    ("improved", "improve"),
    ("enhanced", "improve"),
    ("optimized", "improve"),
    ("optimised", "improve"),
    ("passionate", "passion"),
    ("enthusiastic", "passion"),
];

const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "for", "with", "on", "at", "as", "by", "my",
    "i",
];

fn word(w: &str) -> Option<String> {
    if STOP.contains(&w) {
        return None;
    }
    if let Some((_, s)) = SYNONYMS.iter().find(|(k, _)| *k == w) {
        return Some((*s).to_string());
    }
    let stem = ["ing", "ed", "es", "s", "ly"]
        .iter()
        .find_map(|suf| w.strip_suffix(suf).filter(|r| r.len() >= 4))
        .unwrap_or(w);
    Some(stem.to_string())
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The MinHash signature of a text; `None` when it has no words.
pub fn minhash(raw: &str) -> Option<Box<[u32; MINHASH_SIZE]>> {
    let mut sig = Box::new([u32::MAX; MINHASH_SIZE]);
    let mut any = false;
    for sentence in raw.split(['.', '!', '?', '\n', ';']) {
        let words: Vec<String> = normalize(sentence).split(' ').filter_map(word).collect();
        let shingles: Vec<u64> = if words.len() < 2 {
            words.iter().map(|w| fnv(w)).collect()
        } else {
            words
                .windows(2)
                .map(|w| fnv(&w[0]) ^ splitmix(fnv(&w[1])))
                .collect()
        };
        for s in shingles {
            any = true;
            for (i, slot) in sig.iter_mut().enumerate() {
                let h = (splitmix(s ^ (i as u64).wrapping_mul(0x9E37_79B9)) >> 32) as u32;
                if h < *slot {
                    *slot = h;
                }
            }
        }
    }
    any.then_some(sig)
}

pub fn prepare(raw: &str) -> Option<Box<[u32; MINHASH_SIZE]>> {
    minhash(raw)
}

pub fn jaccard(a: &[u32; MINHASH_SIZE], b: &[u32; MINHASH_SIZE]) -> f64 {
    a.iter().zip(b.iter()).filter(|(x, y)| x == y).count() as f64 / MINHASH_SIZE as f64
}

/// One key per LSH band.
pub fn band_keys(sig: &[u32; MINHASH_SIZE]) -> impl Iterator<Item = u64> + '_ {
    (0..BANDS).map(move |b| {
        let mut h = splitmix(b as u64 + 1);
        for v in &sig[b * ROWS..(b + 1) * ROWS] {
            h = splitmix(h ^ u64::from(*v));
        }
        h
    })
}

pub fn compare(a: &[u32; MINHASH_SIZE], b: &[u32; MINHASH_SIZE]) -> u8 {
    let j = jaccard(a, b);
    if j >= 0.6 {
        1
    } else if j >= 0.35 {
        2
    } else if j >= 0.15 {
        3
    } else {
        4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Senior backend engineer with 8 years of experience. Developed scalable microservices in Go and Rust. \
                     Led a team of five engineers building payment APIs. Passionate about clean code and testing.";

    fn level(a: &str, b: &str) -> u8 {
        compare(&minhash(a).expect("a"), &minhash(b).expect("b"))
    }

    #[test]
    fn reordered_sentences_and_synonyms_still_match() {
        let b = "Passionate about clean code and testing. Led a team of five engineers building payment APIs. \
                 Senior backend developer with 8 years of experience. Built robust microservices in Go and Rust.";
        assert_eq!(level(A, A), 1);
        assert!(level(A, b) <= 2, "paraphrase scored {}", level(A, b));
    }

    #[test]
    fn unrelated_text_differs() {
        let c = "Marketing manager focused on brand strategy, social media campaigns and customer research in retail.";
        assert_eq!(level(A, c), 4);
    }

    #[test]
    fn bands_are_shared_by_identical_text() {
        let a: Vec<u64> = band_keys(&minhash(A).expect("a")).collect();
        let b: Vec<u64> = band_keys(&minhash(A).expect("a")).collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), BANDS);
    }
}
