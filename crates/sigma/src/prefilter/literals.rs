//! Substrings a regular expression's matches must contain, for the prefilter.
//!
//! A match of a concatenation contains each run of adjacent literal characters in it; a match of
//! an alternation, one branch's; a repetition of at least one, its body's. Everything else (empty
//! or zero-width parts, optional parts, wide classes) asks nothing. The result is a [`Need`] of
//! `contains` atoms on the lower-cased string form, so it composes with the other atoms:
//!
//! - a regex run on the raw value (`Regex` as rsigma runs it outside a case-insensitive group)
//!   that matches `s` puts the run's characters in `s`, and `s.to_lowercase()` then holds each
//!   character lower-cased at the same place: `str::to_lowercase` maps characters one by one,
//!   except `Σ`, whose image depends on its neighbours, so a run stops at `Σ`;
//! - a regex run on the lower-cased value (inside rsigma's `CaseInsensitiveGroup`) can only match
//!   characters a lower-cased string holds, the fixed points of lower-casing (unit-tested over
//!   every `char` below); a run keeps those and is empty otherwise.
//!
//! A class (as `(?i)` makes of every letter) counts as a literal character when every character it
//! can match has the same image (after the prefilter's `fold`, so `(?i)s`, which is `[Ssſ]`,
//! is `s`); otherwise it ends the run.

use super::need::{self, Atom, Need, Op, Test};
use regex_syntax::hir::{Class, Hir, HirKind};

/// The longest class worth enumerating (a `(?i)` letter is two or three characters).
const MAX_CLASS: u32 = 8;

/// The necessary condition of `pattern` matching a field's string form. `lowered`: the regex
/// runs on the lower-cased string (inside a case-insensitive group).
pub(crate) fn need(field: Option<&str>, pattern: &str, lowered: bool) -> Need {
    // rsigma compiled the same text with the `regex` crate, whose parser this is, with the
    // same defaults; a pattern that does not parse here asks nothing.
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let ctx = Ctx { field, lowered };
    ctx.hir(&hir)
}

struct Ctx<'a> {
    field: Option<&'a str>,
    lowered: bool,
}

impl Ctx<'_> {
    fn hir(&self, hir: &Hir) -> Need {
        match hir.kind() {
            HirKind::Literal(_) | HirKind::Class(_) => self.concat(std::slice::from_ref(hir)),
            HirKind::Concat(parts) => self.concat(parts),
            HirKind::Alternation(branches) => need::any(branches.iter().map(|b| self.hir(b))),
            HirKind::Repetition(rep) if rep.min >= 1 => self.hir(&rep.sub),
            HirKind::Capture(cap) => self.hir(&cap.sub),
            HirKind::Empty | HirKind::Look(_) | HirKind::Repetition(_) => None,
        }
    }

    /// Runs of literal characters, and the needs of the other parts, all necessary.
    fn concat(&self, parts: &[Hir]) -> Need {
        let mut needs: Vec<Need> = Vec::new();
        let mut run = String::new();
        for part in parts {
            let literal = match part.kind() {
                HirKind::Literal(lit) => std::str::from_utf8(&lit.0).ok().map(|s| self.text(s)),
                HirKind::Class(class) => Some(self.class(class)),
                _ => None,
            };
            match literal {
                // Each piece is the image of a whole literal or class, `None` where a character
                // has no usable image; a piece ends the run there.
                Some(pieces) => {
                    for piece in pieces {
                        match piece {
                            Some(text) => run.push_str(&text),
                            None => needs.push(self.run(&mut run)),
                        }
                    }
                }
                None => {
                    needs.push(self.run(&mut run));
                    needs.push(self.hir(part));
                }
            }
        }
        needs.push(self.run(&mut run));
        need::all(needs.into_iter())
    }

    /// The atom for a finished run, and a fresh run.
    fn run(&self, run: &mut String) -> Need {
        let text = std::mem::take(run);
        if text.is_empty() {
            return None;
        }
        Some(vec![vec![Atom {
            field: self.field.map(str::to_string),
            test: Test::Str {
                op: Op::Contains,
                needle: text,
            },
        }]])
    }

    /// The images of a literal's characters: each lower-cased (raw) or kept (lowered).
    fn text(&self, s: &str) -> Vec<Option<String>> {
        s.chars().map(|c| self.image(c)).collect()
    }

    /// What the lower-cased haystack holds where the regex matched `c`.
    fn image(&self, c: char) -> Option<String> {
        if self.lowered {
            // The lower-cased haystack holds only fixed points of lower-casing.
            let lower: String = c.to_lowercase().collect();
            (lower.chars().eq(std::iter::once(c))).then_some(lower)
        } else if c == 'Σ' {
            None
        } else {
            Some(c.to_lowercase().collect())
        }
    }

    /// A class is one character when all it can match has one image.
    fn class(&self, class: &Class) -> Vec<Option<String>> {
        let mut image: Option<String> = None;
        let mut count = 0u32;
        let mut chars = Vec::new();
        match class {
            Class::Unicode(c) => {
                for r in c.iter() {
                    count += u32::from(r.end()) - u32::from(r.start()) + 1;
                    if count > MAX_CLASS {
                        return vec![None];
                    }
                    chars.extend(r.start()..=r.end());
                }
            }
            Class::Bytes(c) => {
                for r in c.iter() {
                    count += u32::from(r.end()) - u32::from(r.start()) + 1;
                    if count > MAX_CLASS {
                        return vec![None];
                    }
                    // Only ASCII bytes are whole characters.
                    if !r.end().is_ascii() {
                        return vec![None];
                    }
                    chars.extend((r.start()..=r.end()).map(char::from));
                }
            }
        }
        for c in chars {
            let this = if self.lowered {
                // Characters that are no fixed point cannot be in a lower-cased haystack.
                match self.image(c) {
                    Some(i) => i,
                    None => continue,
                }
            } else {
                match self.image(c) {
                    Some(i) => i,
                    None => return vec![None],
                }
            };
            let this = super::fold(&this);
            match &image {
                None => image = Some(this),
                Some(i) if *i == this => {}
                Some(_) => return vec![None],
            }
        }
        // A class matching nothing a lowered haystack holds leaves no usable piece.
        vec![image]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needles(pattern: &str, lowered: bool) -> Option<Vec<String>> {
        need(Some("f"), pattern, lowered).map(|clauses| {
            let mut out: Vec<String> = clauses
                .into_iter()
                .map(|clause| {
                    let mut atoms: Vec<String> = clause
                        .into_iter()
                        .map(|a| match a.test {
                            Test::Str { needle, .. } => needle,
                            Test::Num(n) => n.to_string(),
                        })
                        .collect();
                    atoms.sort();
                    atoms.join(" | ")
                })
                .collect();
            out.sort();
            out
        })
    }

    #[test]
    fn runs_of_literals_are_needed() {
        assert_eq!(
            needles(r"(?i)\.exe\s+werfault", false),
            Some(vec![".exe".into(), "werfault".into()])
        );
        assert_eq!(
            needles(r"abc.*defgh", false),
            Some(vec!["abc".into(), "defgh".into()])
        );
        assert_eq!(
            needles(r"(?i)^c:\\windows\\.*\.EXE$", false),
            Some(vec![".exe".into(), "c:\\windows\\".into()])
        );
        assert_eq!(
            needles(r"(foo|barbaz)\d", false),
            Some(vec!["barbaz | foo".into()])
        );
        assert_eq!(needles(r"(foo)?bar", false), Some(vec!["bar".into()]));
        assert_eq!(needles(r"(foo|.*)", false), None);
        assert_eq!(needles(r".*", false), None);
        assert_eq!(needles(r"[a-z]+", false), None);
    }

    #[test]
    fn case_folding_images() {
        // `(?i)k` is [Kk\u{212A}], all lower-casing to `k`.
        assert_eq!(needles(r"(?i)kk", false), Some(vec!["kk".into()]));
        // `(?i)s` includes `ſ`, which lower-cases to itself and folds to `s`.
        assert_eq!(needles(r"(?i)abs", false), Some(vec!["abs".into()]));
        // Other classes with two images end the run.
        assert_eq!(
            needles(r"ab[xy]cde", false),
            Some(vec!["ab".into(), "cde".into()])
        );
        // On a lower-cased haystack an upper-case literal cannot occur.
        assert_eq!(needles(r"ABC", true), None);
        assert_eq!(needles(r"(?i)ABC", true), Some(vec!["abc".into()]));
        assert_eq!(needles(r"abc", true), Some(vec!["abc".into()]));
        // `Σ` lower-cases by context: the run stops there.
        assert_eq!(needles("aΣbb", false), Some(vec!["a".into(), "bb".into()]));
    }

    /// The `lowered` reasoning: whatever `str::to_lowercase` produces is left alone by it.
    #[test]
    fn lower_casing_is_idempotent_on_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let lower: String = c.to_lowercase().collect();
            assert_eq!(lower.to_lowercase(), lower, "{c:?}");
            for d in lower.chars() {
                assert!(d.to_lowercase().eq(std::iter::once(d)), "{c:?} -> {d:?}");
            }
        }
    }
}
