//! Masked renderings for reports: enough to recognise a value, not enough to reuse it.

pub fn mask_email(canonical: &str) -> String {
    match canonical.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// Keep the last `keep` characters: `+12015550123` gives `********0123`.
pub fn mask_tail(value: &str, keep: usize) -> String {
    let n = value.chars().count();
    value
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i + keep < n && c.is_alphanumeric() {
                '*'
            } else {
                c
            }
        })
        .collect()
}

pub fn mask_middle(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= 3 {
        return "***".into();
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}***{tail}")
}

pub fn mask_name(canonical: &str) -> String {
    canonical
        .split(' ')
        .map(|t| {
            t.chars()
                .next()
                .map(|c| format!("{c}."))
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Show the city and country, hide the street.
pub fn mask_address(canonical: &str) -> String {
    let mut parts = canonical.split('|');
    let _street = parts.next();
    let city = parts.next().unwrap_or("");
    let country = parts.next().unwrap_or("");
    format!("*** {city} {}", country.to_uppercase())
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_email("johnsmith@gmail.com"), "j***@gmail.com");
        assert_eq!(mask_tail("+12015550123", 4), "+*******0123");
        assert_eq!(mask_middle("smartdev0725"), "sm***25");
        assert_eq!(mask_name("john smith"), "j. s.");
        assert_eq!(mask_address("1 main st|new york|us"), "*** new york US");
    }
}
