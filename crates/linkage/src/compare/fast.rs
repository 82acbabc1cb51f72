//! Allocation-free string similarity for the short ASCII values comparisons see (names,
//! identifiers, dates), with `strsim` as the fallback for anything else. Profiling Febrl showed
//! most of the time in `strsim`'s general Damerau-Levenshtein, which allocates per call.

/// Whether `a` becomes `b` with at most one insertion, deletion, substitution or swap of two
/// neighbouring characters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        let rest = prefix + 1;
        // One substitution, or one swap of neighbours.
        (short[rest..] == long[rest..])
            || (rest < short.len()
                && short[prefix] == long[rest]
                && short[rest] == long[prefix]
                && short[rest + 1..] == long[rest + 1..])
    } else {
        // One insertion into the shorter string.
        short[prefix..] == long[prefix + 1..]
    }
}

/// An upper bound of Jaro-Winkler from the characters the strings share, ignoring order and
/// distance; cheap enough to skip the full computation for clearly different strings.
pub fn jaro_winkler_bound(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.is_empty() || y.is_empty() {
        return if x.len() == y.len() { 1.0 } else { 0.0 };
    }
    let mut counts = [0i16; 128];
    for &c in x {
        counts[usize::from(c & 0x7f)] += 1;
    }
    let mut common = 0usize;
    for &c in y {
        let slot = &mut counts[usize::from(c & 0x7f)];
        if *slot > 0 {
            *slot -= 1;
            common += 1;
        }
    }
    let m = common as f64;
    let jaro = (m / x.len() as f64 + m / y.len() as f64 + 1.0) / 3.0;
    if x[0] != y[0] {
        return jaro;
    }
    jaro + 0.4 * (1.0 - jaro)
}

/// Jaro-Winkler similarity; exact for ASCII input up to 64 bytes, `strsim` otherwise.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || x.len() > 64 || y.len() > 64 {
        return strsim::jaro_winkler(a, b);
    }
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let window = (x.len().max(y.len()) / 2).saturating_sub(1);
    let mut x_match = [false; 64];
    let mut y_match = [false; 64];
    let mut matches = 0usize;
    for (i, &c) in x.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(y.len());
        for j in lo..hi {
            if !y_match[j] && y[j] == c {
                x_match[i] = true;
                y_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut k = 0usize;
    for (i, &c) in x.iter().enumerate() {
        if x_match[i] {
            while !y_match[k] {
                k += 1;
            }
            if c != y[k] {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    let jaro =
        (m / x.len() as f64 + m / y.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0;
    if jaro <= 0.7 {
        // Winkler's prefix bonus applies only to strings already similar.
        return jaro;
    }
    let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count() as f64;
    jaro + prefix * 0.1 * (1.0 - jaro)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_agrees_with_damerau_levenshtein() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abd",
            "xbcd",
            "abcde",
            "bacd",
            "kingsford",
            "kingsfird",
            "1234567",
            "1243567",
            "123456",
        ];
        for a in words {
            for b in words {
                let expected = strsim::damerau_levenshtein(a, b) <= 1;
                assert_eq!(within_one_edit(a, b), expected, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn bound_is_an_upper_bound() {
        let words = [
            "martha",
            "marhta",
            "dwayne",
            "duane",
            "dixon",
            "dicksonx",
            "jonathan",
            "jonathon",
            "a",
            "ab",
            "x",
            "wei zhang",
            "maria garcia",
            "",
        ];
        for a in words {
            for b in words {
                assert!(
                    jaro_winkler_bound(a, b) + 1e-12 >= jaro_winkler(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn jaro_winkler_agrees_with_strsim() {
        let words = [
            "martha",
            "marhta",
            "dwayne",
            "duane",
            "dixon",
            "dicksonx",
            "jonathan",
            "jonathon",
            "a",
            "ab",
            "x",
            "wei zhang",
            "maria garcia",
        ];
        for a in words {
            for b in words {
                let (ours, theirs) = (jaro_winkler(a, b), strsim::jaro_winkler(a, b));
                assert!((ours - theirs).abs() < 1e-9, "{a} {b}: {ours} vs {theirs}");
            }
        }
    }
}
