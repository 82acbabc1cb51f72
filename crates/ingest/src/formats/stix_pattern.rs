//! STIX 2.1 patterning: a tokenizer and a recursive-descent parser for the whole grammar, then a
//! check that keeps the subset unmask can match.
//!
//! The parser reads everything the specification allows (`AND`, `FOLLOWEDBY`, qualifiers,
//! `MATCHES`...), so a pattern is either *broken* (a [`SyntaxError`]: the file is wrong) or *valid
//! but beyond what unmask matches* ([`comparisons`] returns every reason: the indicator is skipped
//! with a warning). An indicator must name values unmask can compare with stored artifacts, so the
//! supported subset is equality, `IN`, `LIKE` and `ISSUBSET` on six object paths, joined only by
//! `OR`.

use std::fmt;

/// The object paths unmask matches, and how each is written in a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    EmailAddr,
    Ipv4Addr,
    Ipv6Addr,
    DomainName,
    Url,
    AccountLogin,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::EmailAddr,
        Field::Ipv4Addr,
        Field::Ipv6Addr,
        Field::DomainName,
        Field::Url,
        Field::AccountLogin,
    ];

    /// The STIX object type that holds the field.
    pub fn object_type(self) -> &'static str {
        match self {
            Field::EmailAddr => "email-addr",
            Field::Ipv4Addr => "ipv4-addr",
            Field::Ipv6Addr => "ipv6-addr",
            Field::DomainName => "domain-name",
            Field::Url => "url",
            Field::AccountLogin => "user-account",
        }
    }

    /// The property of that object: `value`, or `account_login` for user accounts.
    pub fn property(self) -> &'static str {
        match self {
            Field::AccountLogin => "account_login",
            _ => "value",
        }
    }

    fn is_ip(self) -> bool {
        matches!(self, Field::Ipv4Addr | Field::Ipv6Addr)
    }

    fn from_path(path: &ObjectPath) -> Option<Field> {
        let [PathStep::Property(property)] = path.steps.as_slice() else {
            return None;
        };
        Field::ALL
            .into_iter()
            .find(|f| f.object_type() == path.object_type && f.property() == property)
    }

    /// `email-addr:value, ipv4-addr:value, ...`, for messages.
    pub fn supported_list() -> String {
        Field::ALL.map(|f| f.to_string()).join(", ")
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.object_type(), self.property())
    }
}

/// How a supported comparison matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`, or one member of `IN (...)`.
    Equals,
    /// `LIKE`: SQL wildcards `%` and `_`.
    Like,
    /// `ISSUBSET`: the address is inside a network.
    IsSubset,
}

/// One supported comparison; each becomes one indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub field: Field,
    pub op: Op,
    pub value: String,
}

/// A pattern that does not follow the STIX patterning grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based character position in the pattern.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pattern syntax error at character {}: {}",
            self.column, self.message
        )
    }
}

/// Nested parentheses and brackets deeper than this are refused, so hostile input cannot exhaust
/// the stack.
const MAX_DEPTH: usize = 64;

// ---------------------------------------------------------------------------------------------
// Syntax tree

/// A parsed pattern: observation expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// `[ comparison ]`
    Observation(Comparisons),
    Or(Vec<Pattern>),
    And(Vec<Pattern>),
    FollowedBy(Vec<Pattern>),
    Qualified(Box<Pattern>, Qualifier),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Qualifier {
    Within,
    Repeats,
    StartStop,
}

impl Qualifier {
    fn name(&self) -> &'static str {
        match self {
            Qualifier::Within => "WITHIN",
            Qualifier::Repeats => "REPEATS",
            Qualifier::StartStop => "START ... STOP",
        }
    }
}

/// Comparison expressions inside one `[...]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparisons {
    Or(Vec<Comparisons>),
    And(Vec<Comparisons>),
    Test(Test),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Test {
    pub path: ObjectPath,
    pub negated: bool,
    pub op: TestOp,
    /// `None` for `EXISTS`.
    pub value: Option<Literal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestOp {
    Eq,
    Neq,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Like,
    Matches,
    IsSubset,
    IsSuperset,
    Exists,
}

impl TestOp {
    fn as_str(self) -> &'static str {
        match self {
            TestOp::Eq => "=",
            TestOp::Neq => "!=",
            TestOp::Lt => "<",
            TestOp::Le => "<=",
            TestOp::Gt => ">",
            TestOp::Ge => ">=",
            TestOp::In => "IN",
            TestOp::Like => "LIKE",
            TestOp::Matches => "MATCHES",
            TestOp::IsSubset => "ISSUBSET",
            TestOp::IsSuperset => "ISSUPERSET",
            TestOp::Exists => "EXISTS",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Binary(String),
    Hex(String),
    Timestamp(String),
    Set(Vec<Literal>),
}

impl Literal {
    fn kind(&self) -> &'static str {
        match self {
            Literal::Str(_) => "string",
            Literal::Int(_) => "integer",
            Literal::Float(_) => "float",
            Literal::Bool(_) => "boolean",
            Literal::Binary(_) => "binary",
            Literal::Hex(_) => "hex",
            Literal::Timestamp(_) => "timestamp",
            Literal::Set(_) => "set",
        }
    }
}

/// `object-type:property.sub[0].'quoted key'`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectPath {
    pub object_type: String,
    pub steps: Vec<PathStep>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Property(String),
    Index(Option<i64>),
}

impl fmt::Display for ObjectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.object_type)?;
        let plain = |s: &str| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                PathStep::Property(p) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    if plain(p) {
                        f.write_str(p)?;
                    } else {
                        write!(f, "'{}'", p.replace('\\', "\\\\").replace('\'', "\\'"))?;
                    }
                }
                PathStep::Index(Some(n)) => write!(f, "[{n}]")?,
                PathStep::Index(None) => f.write_str("[*]")?,
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Colon,
    Dot,
    Star,
    Cmp(TestOp),
    Str(String),
    Int(i64),
    Float(f64),
    Binary(String),
    Hex(String),
    Timestamp(String),
    /// An identifier or keyword (`email-addr`, `value`, `AND`, `true`).
    Word(String),
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::LBracket => f.write_str("`[`"),
            Tok::RBracket => f.write_str("`]`"),
            Tok::LParen => f.write_str("`(`"),
            Tok::RParen => f.write_str("`)`"),
            Tok::Comma => f.write_str("`,`"),
            Tok::Colon => f.write_str("`:`"),
            Tok::Dot => f.write_str("`.`"),
            Tok::Star => f.write_str("`*`"),
            Tok::Cmp(op) => write!(f, "`{}`", op.as_str()),
            Tok::Str(_) => f.write_str("a string"),
            Tok::Int(n) => write!(f, "`{n}`"),
            Tok::Float(n) => write!(f, "`{n}`"),
            Tok::Binary(_) => f.write_str("a binary literal"),
            Tok::Hex(_) => f.write_str("a hex literal"),
            Tok::Timestamp(_) => f.write_str("a timestamp"),
            Tok::Word(w) => write!(f, "`{w}`"),
        }
    }
}

struct Token {
    tok: Tok,
    /// Byte offset in the pattern.
    at: usize,
}

fn tokenize(src: &str) -> Result<Vec<Token>, (usize, String)> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let single = match c {
            b'[' => Some(Tok::LBracket),
            b']' => Some(Tok::RBracket),
            b'(' => Some(Tok::LParen),
            b')' => Some(Tok::RParen),
            b',' => Some(Tok::Comma),
            b':' => Some(Tok::Colon),
            b'.' => Some(Tok::Dot),
            b'*' => Some(Tok::Star),
            _ => None,
        };
        if let Some(tok) = single {
            out.push(Token { tok, at: start });
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied();
        let cmp = match (c, next) {
            (b'=', Some(b'=')) => Some((TestOp::Eq, 2)),
            (b'=', _) => Some((TestOp::Eq, 1)),
            (b'!', Some(b'=')) => Some((TestOp::Neq, 2)),
            (b'<', Some(b'>')) => Some((TestOp::Neq, 2)),
            (b'<', Some(b'=')) => Some((TestOp::Le, 2)),
            (b'<', _) => Some((TestOp::Lt, 1)),
            (b'>', Some(b'=')) => Some((TestOp::Ge, 2)),
            (b'>', _) => Some((TestOp::Gt, 1)),
            _ => None,
        };
        if let Some((op, len)) = cmp {
            out.push(Token {
                tok: Tok::Cmp(op),
                at: start,
            });
            i += len;
            continue;
        }
        if c == b'\'' {
            let (s, end) = string(src, i)?;
            out.push(Token {
                tok: Tok::Str(s),
                at: start,
            });
            i = end;
            continue;
        }
        if c.is_ascii_digit()
            || ((c == b'-' || c == b'+') && next.is_some_and(|n| n.is_ascii_digit()))
        {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let float =
                bytes.get(j) == Some(&b'.') && bytes.get(j + 1).is_some_and(|b| b.is_ascii_digit());
            if float {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
            }
            let text = &src[i..j];
            let tok = if float {
                text.parse().map(Tok::Float).ok()
            } else {
                text.parse().map(Tok::Int).ok()
            };
            let Some(tok) = tok else {
                return Err((start, format!("number `{text}` is out of range")));
            };
            out.push(Token { tok, at: start });
            i = j;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let mut j = i + 1;
            while j < bytes.len()
                && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] == b'-')
            {
                j += 1;
            }
            let word = &src[i..j];
            // `b'...'`, `h'...'` and `t'...'` are binary, hex and timestamp literals.
            if bytes.get(j) == Some(&b'\'') && matches!(word, "b" | "h" | "t") {
                let (s, end) = string(src, j)?;
                let tok = match word {
                    "b" => Tok::Binary(s),
                    "h" => Tok::Hex(s),
                    _ => Tok::Timestamp(s),
                };
                out.push(Token { tok, at: start });
                i = end;
                continue;
            }
            out.push(Token {
                tok: Tok::Word(word.to_string()),
                at: start,
            });
            i = j;
            continue;
        }
        let ch = src[i..].chars().next().unwrap_or('?');
        return Err((start, format!("unexpected character `{ch}`")));
    }
    Ok(out)
}

/// A quoted string starting at `start` (the opening quote): its value and the offset after it.
/// Only `\'` and `\\` are escapes, as the grammar says.
fn string(src: &str, start: usize) -> Result<(String, usize), (usize, String)> {
    let mut value = String::new();
    let mut chars = src[start + 1..].char_indices();
    while let Some((k, c)) = chars.next() {
        match c {
            '\'' => return Ok((value, start + 1 + k + 1)),
            '\\' => match chars.next() {
                Some((_, '\'')) => value.push('\''),
                Some((_, '\\')) => value.push('\\'),
                Some((_, other)) => {
                    return Err((
                        start + 1 + k,
                        format!("invalid escape `\\{other}` in a string (only `\\'` and `\\\\`)"),
                    ))
                }
                None => break,
            },
            c => value.push(c),
        }
    }
    Err((start, "unterminated string".to_string()))
}

// ---------------------------------------------------------------------------------------------
// Parser

/// Parse a pattern into its syntax tree.
pub fn parse(src: &str) -> Result<Pattern, SyntaxError> {
    let column = |at: usize| src.get(..at).map_or(at, |s| s.chars().count()) + 1;
    let tokens = tokenize(src).map_err(|(at, message)| SyntaxError {
        column: column(at),
        message,
    })?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
        end: src.len(),
    };
    let result = p.observations().and_then(|pattern| match p.peek() {
        None => Ok(pattern),
        Some(t) => Err(p.unexpected(t, "the end of the pattern")),
    });
    result.map_err(|(at, message)| SyntaxError {
        column: column(at),
        message,
    })
}

type Parse<T> = Result<T, (usize, String)>;

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.at)
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w == word)
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let yes = self.is_word(word);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        let yes = self.peek() == Some(tok);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn unexpected(&self, found: &Tok, expected: &str) -> (usize, String) {
        (self.at(), format!("expected {expected}, found {found}"))
    }

    fn expect(&mut self, tok: &Tok, expected: &str) -> Parse<()> {
        if self.eat(tok) {
            return Ok(());
        }
        Err(match self.peek() {
            Some(found) => self.unexpected(found, expected),
            None => (
                self.end,
                format!("expected {expected}, found the end of the pattern"),
            ),
        })
    }

    fn enter(&mut self) -> Parse<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((self.at(), format!("nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    /// `observations := or (FOLLOWEDBY or)*`
    fn observations(&mut self) -> Parse<Pattern> {
        self.list("FOLLOWEDBY", Self::observation_or, Pattern::FollowedBy)
    }

    fn observation_or(&mut self) -> Parse<Pattern> {
        self.list("OR", Self::observation_and, Pattern::Or)
    }

    fn observation_and(&mut self) -> Parse<Pattern> {
        self.list("AND", Self::qualified, Pattern::And)
    }

    fn list<T>(
        &mut self,
        keyword: &str,
        item: fn(&mut Self) -> Parse<T>,
        join: fn(Vec<T>) -> T,
    ) -> Parse<T> {
        let mut items = vec![item(self)?];
        while self.eat_word(keyword) {
            items.push(item(self)?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            join(items)
        })
    }

    /// An observation followed by any qualifiers.
    fn qualified(&mut self) -> Parse<Pattern> {
        let mut pattern = self.observation()?;
        loop {
            let qualifier = if self.eat_word("WITHIN") {
                match self.peek() {
                    Some(Tok::Int(n)) if *n > 0 => {}
                    Some(Tok::Float(n)) if *n > 0.0 => {}
                    Some(t) => return Err(self.unexpected(t, "a positive number of seconds")),
                    None => return Err((self.end, "expected a number of seconds".into())),
                }
                self.pos += 1;
                self.expect_word("SECONDS")?;
                Qualifier::Within
            } else if self.eat_word("REPEATS") {
                match self.peek() {
                    Some(Tok::Int(n)) if *n > 0 => {}
                    Some(t) => return Err(self.unexpected(t, "a positive whole number")),
                    None => return Err((self.end, "expected a number of repeats".into())),
                }
                self.pos += 1;
                self.expect_word("TIMES")?;
                Qualifier::Repeats
            } else if self.eat_word("START") {
                self.timestamp()?;
                self.expect_word("STOP")?;
                self.timestamp()?;
                Qualifier::StartStop
            } else {
                return Ok(pattern);
            };
            pattern = Pattern::Qualified(Box::new(pattern), qualifier);
        }
    }

    fn expect_word(&mut self, word: &str) -> Parse<()> {
        if self.eat_word(word) {
            return Ok(());
        }
        let expected = format!("`{word}`");
        Err(match self.peek() {
            Some(found) => self.unexpected(found, &expected),
            None => (
                self.end,
                format!("expected {expected}, found the end of the pattern"),
            ),
        })
    }

    fn timestamp(&mut self) -> Parse<()> {
        match self.peek() {
            Some(Tok::Timestamp(_)) => {
                self.pos += 1;
                Ok(())
            }
            Some(t) => Err(self.unexpected(t, "a timestamp `t'...'`")),
            None => Err((self.end, "expected a timestamp `t'...'`".into())),
        }
    }

    /// `[ comparisons ]` or `( observations )`.
    fn observation(&mut self) -> Parse<Pattern> {
        let open = self.at();
        if self.eat(&Tok::LBracket) {
            self.enter()?;
            let inner = self.comparison_or()?;
            self.close(&Tok::RBracket, "`]`", open)?;
            self.depth -= 1;
            return Ok(Pattern::Observation(inner));
        }
        if self.eat(&Tok::LParen) {
            self.enter()?;
            let inner = self.observations()?;
            self.close(&Tok::RParen, "`)`", open)?;
            self.depth -= 1;
            return Ok(inner);
        }
        Err(match self.peek() {
            Some(t) => self.unexpected(t, "`[` or `(`"),
            None => (
                self.end,
                "expected `[`, found the end of the pattern".into(),
            ),
        })
    }

    /// A closing bracket; at the end of input the message points at the opening one.
    fn close(&mut self, tok: &Tok, name: &str, open: usize) -> Parse<()> {
        if self.eat(tok) {
            return Ok(());
        }
        Err(match self.peek() {
            Some(found) => self.unexpected(found, name),
            None => (open, format!("this bracket is never closed with {name}")),
        })
    }

    fn comparison_or(&mut self) -> Parse<Comparisons> {
        self.list("OR", Self::comparison_and, Comparisons::Or)
    }

    fn comparison_and(&mut self) -> Parse<Comparisons> {
        self.list("AND", Self::comparison, Comparisons::And)
    }

    fn comparison(&mut self) -> Parse<Comparisons> {
        let open = self.at();
        if self.eat(&Tok::LParen) {
            self.enter()?;
            let inner = self.comparison_or()?;
            self.close(&Tok::RParen, "`)`", open)?;
            self.depth -= 1;
            return Ok(inner);
        }
        if self.eat_word("EXISTS") {
            let path = self.path()?;
            return Ok(Comparisons::Test(Test {
                path,
                negated: false,
                op: TestOp::Exists,
                value: None,
            }));
        }
        let path = self.path()?;
        let negated = self.eat_word("NOT");
        let op = match self.peek() {
            Some(Tok::Cmp(op)) => *op,
            Some(Tok::Word(w)) => match w.as_str() {
                "IN" => TestOp::In,
                "LIKE" => TestOp::Like,
                "MATCHES" => TestOp::Matches,
                "ISSUBSET" => TestOp::IsSubset,
                "ISSUPERSET" => TestOp::IsSuperset,
                _ => return Err(self.unexpected(&Tok::Word(w.clone()), "a comparison operator")),
            },
            Some(t) => return Err(self.unexpected(t, "a comparison operator")),
            None => {
                return Err((
                    self.end,
                    "expected a comparison operator, found the end of the pattern".into(),
                ))
            }
        };
        self.pos += 1;
        let value = if op == TestOp::In {
            self.set()?
        } else {
            self.literal()?
        };
        Ok(Comparisons::Test(Test {
            path,
            negated,
            op,
            value: Some(value),
        }))
    }

    /// `( literal, ... )`, possibly empty.
    fn set(&mut self) -> Parse<Literal> {
        let open = self.at();
        self.expect(&Tok::LParen, "`(` after `IN`")?;
        let mut items = Vec::new();
        if self.eat(&Tok::RParen) {
            return Ok(Literal::Set(items));
        }
        loop {
            items.push(self.literal()?);
            if self.eat(&Tok::Comma) {
                continue;
            }
            self.close(&Tok::RParen, "`,` or `)`", open)?;
            return Ok(Literal::Set(items));
        }
    }

    fn literal(&mut self) -> Parse<Literal> {
        let literal = match self.peek() {
            Some(Tok::Str(s)) => Literal::Str(s.clone()),
            Some(Tok::Int(n)) => Literal::Int(*n),
            Some(Tok::Float(n)) => Literal::Float(*n),
            Some(Tok::Binary(s)) => Literal::Binary(s.clone()),
            Some(Tok::Hex(s)) => Literal::Hex(s.clone()),
            Some(Tok::Timestamp(s)) => Literal::Timestamp(s.clone()),
            Some(Tok::Word(w)) if w == "true" => Literal::Bool(true),
            Some(Tok::Word(w)) if w == "false" => Literal::Bool(false),
            Some(t) => return Err(self.unexpected(t, "a value")),
            None => {
                return Err((
                    self.end,
                    "expected a value, found the end of the pattern".into(),
                ))
            }
        };
        self.pos += 1;
        Ok(literal)
    }

    /// `type:property(.property | [index])*`
    fn path(&mut self) -> Parse<ObjectPath> {
        let object_type = match self.peek() {
            Some(Tok::Word(w)) if !is_keyword(w) => w.clone(),
            Some(t) => return Err(self.unexpected(t, "an object path such as `email-addr:value`")),
            None => {
                return Err((
                    self.end,
                    "expected an object path, found the end of the pattern".into(),
                ))
            }
        };
        self.pos += 1;
        self.expect(&Tok::Colon, "`:` after the object type")?;
        let mut steps = vec![PathStep::Property(self.property()?)];
        loop {
            if self.eat(&Tok::Dot) {
                steps.push(PathStep::Property(self.property()?));
            } else if self.peek() == Some(&Tok::LBracket) {
                self.pos += 1;
                let index = match self.peek() {
                    Some(Tok::Int(n)) => Some(*n),
                    Some(Tok::Star) => None,
                    Some(t) => return Err(self.unexpected(t, "an index or `*`")),
                    None => return Err((self.end, "expected an index or `*`".into())),
                };
                self.pos += 1;
                self.expect(&Tok::RBracket, "`]` after the index")?;
                steps.push(PathStep::Index(index));
            } else {
                return Ok(ObjectPath { object_type, steps });
            }
        }
    }

    fn property(&mut self) -> Parse<String> {
        let name = match self.peek() {
            Some(Tok::Word(w)) => w.clone(),
            Some(Tok::Str(s)) => s.clone(),
            Some(t) => return Err(self.unexpected(t, "a property name")),
            None => return Err((self.end, "expected a property name".into())),
        };
        self.pos += 1;
        Ok(name)
    }
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "AND"
            | "OR"
            | "NOT"
            | "FOLLOWEDBY"
            | "LIKE"
            | "MATCHES"
            | "ISSUBSET"
            | "ISSUPERSET"
            | "EXISTS"
            | "IN"
            | "START"
            | "STOP"
            | "WITHIN"
            | "SECONDS"
            | "REPEATS"
            | "TIMES"
            | "true"
            | "false"
    )
}

// ---------------------------------------------------------------------------------------------
// The supported subset

/// The comparisons of a pattern unmask can match, or every reason it cannot (in the order they
/// appear, without repeats).
pub fn comparisons(pattern: &Pattern) -> Result<Vec<Comparison>, Vec<String>> {
    let mut out = Vec::new();
    let mut reasons = Vec::new();
    walk_pattern(pattern, &mut out, &mut reasons);
    if reasons.is_empty() {
        Ok(out)
    } else {
        let mut seen = std::collections::HashSet::new();
        reasons.retain(|r| seen.insert(r.clone()));
        Err(reasons)
    }
}

fn walk_pattern(p: &Pattern, out: &mut Vec<Comparison>, reasons: &mut Vec<String>) {
    match p {
        Pattern::Observation(c) => walk_comparisons(c, out, reasons),
        Pattern::Or(items) => items.iter().for_each(|i| walk_pattern(i, out, reasons)),
        Pattern::And(items) => {
            reasons.push("`AND` between observation expressions is not supported".into());
            items.iter().for_each(|i| walk_pattern(i, out, reasons));
        }
        Pattern::FollowedBy(items) => {
            reasons.push("`FOLLOWEDBY` is not supported".into());
            items.iter().for_each(|i| walk_pattern(i, out, reasons));
        }
        Pattern::Qualified(inner, q) => {
            walk_pattern(inner, out, reasons);
            reasons.push(format!("qualifier `{}` is not supported", q.name()));
        }
    }
}

fn walk_comparisons(c: &Comparisons, out: &mut Vec<Comparison>, reasons: &mut Vec<String>) {
    match c {
        Comparisons::Or(items) => items.iter().for_each(|i| walk_comparisons(i, out, reasons)),
        Comparisons::And(items) => {
            reasons.push(
                "`AND` between comparisons is not supported (each comparison must name one value)"
                    .into(),
            );
            items.iter().for_each(|i| walk_comparisons(i, out, reasons));
        }
        Comparisons::Test(t) => match test(t) {
            Ok(mut found) => out.append(&mut found),
            Err(mut why) => reasons.append(&mut why),
        },
    }
}

fn test(t: &Test) -> Result<Vec<Comparison>, Vec<String>> {
    let mut reasons = Vec::new();
    let field = Field::from_path(&t.path);
    if field.is_none() {
        reasons.push(format!(
            "object path `{}` is not supported (supported: {})",
            t.path,
            Field::supported_list()
        ));
    }
    if t.negated {
        reasons.push("`NOT` is not supported".into());
    }
    let op = match t.op {
        TestOp::Eq | TestOp::In => Some(Op::Equals),
        TestOp::Like => Some(Op::Like),
        TestOp::IsSubset => Some(Op::IsSubset),
        TestOp::Exists => {
            reasons.push("`EXISTS` is not supported".into());
            None
        }
        other => {
            reasons.push(format!(
                "operator `{}` is not supported (supported: `=`, `IN`, `LIKE`, `ISSUBSET`)",
                other.as_str()
            ));
            None
        }
    };
    if let (Some(field), Some(op)) = (field, op) {
        match op {
            Op::IsSubset if !field.is_ip() => reasons.push(format!(
                "`ISSUBSET` on `{field}` is not supported (only on IP addresses)"
            )),
            Op::Like if field == Field::Url => reasons.push(
                "`LIKE` on `url:value` is not supported (URLs are matched whole; use `=` or `IN`)"
                    .into(),
            ),
            Op::Like if field.is_ip() => reasons.push(format!(
                "`LIKE` on `{field}` is not supported (use `ISSUBSET` with a network)"
            )),
            _ => {}
        }
    }
    let mut values = Vec::new();
    match &t.value {
        Some(Literal::Set(items)) => {
            if items.is_empty() {
                reasons.push("an empty `IN ()` set names no value".into());
            }
            for item in items {
                match item {
                    Literal::Str(s) => values.push(s.clone()),
                    other => reasons.push(non_string(other)),
                }
            }
        }
        Some(Literal::Str(s)) => values.push(s.clone()),
        Some(other) => reasons.push(non_string(other)),
        None => {}
    }
    match (field, op) {
        (Some(field), Some(op)) if reasons.is_empty() => Ok(values
            .into_iter()
            .map(|value| Comparison { field, op, value })
            .collect()),
        _ => Err(reasons),
    }
}

fn non_string(literal: &Literal) -> String {
    format!("{} values are not supported (only strings)", literal.kind())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parse and keep the supported comparisons as `field op value` lines, or the reasons, or
    /// the syntax error.
    fn check(src: &str) -> String {
        match parse(src) {
            Err(e) => format!("syntax: {e}"),
            Ok(p) => match comparisons(&p) {
                Ok(cs) => cs
                    .iter()
                    .map(|c| format!("{} {:?} {}", c.field, c.op, c.value))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Err(why) => format!("unsupported: {}", why.join("; ")),
            },
        }
    }

    #[test]
    fn equality_on_every_field() {
        assert_eq!(
            check("[email-addr:value = 'a@b.example']"),
            "email-addr:value Equals a@b.example"
        );
        assert_eq!(
            check("[ipv4-addr:value == '192.0.2.1']"),
            "ipv4-addr:value Equals 192.0.2.1"
        );
        assert_eq!(
            check("[ipv6-addr:value = '2001:db8::1']"),
            "ipv6-addr:value Equals 2001:db8::1"
        );
        assert_eq!(
            check("[domain-name:value = 'evil.example']"),
            "domain-name:value Equals evil.example"
        );
        assert_eq!(
            check("[url:value = 'https://github.com/x']"),
            "url:value Equals https://github.com/x"
        );
        assert_eq!(
            check("[user-account:account_login = 'dev01']"),
            "user-account:account_login Equals dev01"
        );
    }

    #[test]
    fn in_like_and_issubset() {
        assert_eq!(
            check("[email-addr:value IN ('a@x.example', 'b@x.example')]"),
            "email-addr:value Equals a@x.example\nemail-addr:value Equals b@x.example"
        );
        assert_eq!(
            check("[email-addr:value LIKE '%@x.example']"),
            "email-addr:value Like %@x.example"
        );
        assert_eq!(
            check("[domain-name:value LIKE '%.x.example']"),
            "domain-name:value Like %.x.example"
        );
        assert_eq!(
            check("[user-account:account_login LIKE 'dev_%']"),
            "user-account:account_login Like dev_%"
        );
        assert_eq!(
            check("[ipv4-addr:value ISSUBSET '198.51.100.0/24']"),
            "ipv4-addr:value IsSubset 198.51.100.0/24"
        );
    }

    #[test]
    fn or_inside_and_between_observations() {
        assert_eq!(
            check("[email-addr:value = 'a@x.example' OR domain-name:value = 'x.example'] OR ([ipv4-addr:value = '192.0.2.9'])"),
            "email-addr:value Equals a@x.example\ndomain-name:value Equals x.example\nipv4-addr:value Equals 192.0.2.9"
        );
        assert_eq!(
            check("[(email-addr:value = 'a@x.example' OR email-addr:value = 'b@x.example')]"),
            "email-addr:value Equals a@x.example\nemail-addr:value Equals b@x.example"
        );
    }

    #[test]
    fn string_escapes() {
        assert_eq!(
            check(r"[email-addr:value = 'o\'neil@x.example']"),
            "email-addr:value Equals o'neil@x.example"
        );
        assert_eq!(
            check(r"[user-account:account_login = 'corp\\dev']"),
            r"user-account:account_login Equals corp\dev"
        );
        assert_eq!(
            check(r"[user-account:account_login = 'a\nb']"),
            r"syntax: pattern syntax error at character 33: invalid escape `\n` in a string (only `\'` and `\\`)"
        );
    }

    #[test]
    fn unsupported_constructs_say_what() {
        let cases = [
            (
                "[email-addr:value = 'a@x.example' AND domain-name:value = 'x.example']",
                "`AND` between comparisons is not supported (each comparison must name one value)",
            ),
            (
                "[email-addr:value = 'a@x.example'] AND [domain-name:value = 'x.example']",
                "`AND` between observation expressions is not supported",
            ),
            (
                "[email-addr:value = 'a@x.example'] FOLLOWEDBY [domain-name:value = 'x.example']",
                "`FOLLOWEDBY` is not supported",
            ),
            (
                "[email-addr:value NOT = 'a@x.example']",
                "`NOT` is not supported",
            ),
            (
                "[email-addr:value MATCHES '^a.*']",
                "operator `MATCHES` is not supported (supported: `=`, `IN`, `LIKE`, `ISSUBSET`)",
            ),
            (
                "[email-addr:value != 'a@x.example']",
                "operator `!=` is not supported (supported: `=`, `IN`, `LIKE`, `ISSUBSET`)",
            ),
            (
                "[ipv4-addr:value < '192.0.2.1']",
                "operator `<` is not supported (supported: `=`, `IN`, `LIKE`, `ISSUBSET`)",
            ),
            (
                "[ipv4-addr:value > '192.0.2.1']",
                "operator `>` is not supported (supported: `=`, `IN`, `LIKE`, `ISSUBSET`)",
            ),
            (
                "[ipv4-addr:value ISSUPERSET '192.0.2.1']",
                "operator `ISSUPERSET` is not supported (supported: `=`, `IN`, `LIKE`, `ISSUBSET`)",
            ),
            (
                "[EXISTS email-addr:display_name]",
                "object path `email-addr:display_name` is not supported (supported: email-addr:value, ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, user-account:account_login); `EXISTS` is not supported",
            ),
            (
                "[email-addr:value = 'a@x.example'] WITHIN 300 SECONDS",
                "qualifier `WITHIN` is not supported",
            ),
            (
                "[email-addr:value = 'a@x.example'] REPEATS 5 TIMES",
                "qualifier `REPEATS` is not supported",
            ),
            (
                "[email-addr:value = 'a@x.example'] START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z'",
                "qualifier `START ... STOP` is not supported",
            ),
            (
                "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
                "object path `file:hashes.MD5` is not supported (supported: email-addr:value, ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, user-account:account_login)",
            ),
            (
                "[file:hashes.'SHA-256' = 'aa']",
                "object path `file:hashes.'SHA-256'` is not supported (supported: email-addr:value, ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, user-account:account_login)",
            ),
            (
                "[email-message:to_refs[*].value = 'a@x.example']",
                "object path `email-message:to_refs[*].value` is not supported (supported: email-addr:value, ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, user-account:account_login)",
            ),
            (
                "[url:value LIKE 'https://github.com/%']",
                "`LIKE` on `url:value` is not supported (URLs are matched whole; use `=` or `IN`)",
            ),
            (
                "[ipv4-addr:value LIKE '192.0.2.%']",
                "`LIKE` on `ipv4-addr:value` is not supported (use `ISSUBSET` with a network)",
            ),
            (
                "[domain-name:value ISSUBSET 'x.example']",
                "`ISSUBSET` on `domain-name:value` is not supported (only on IP addresses)",
            ),
            (
                "[ipv4-addr:value = 3221225985]",
                "integer values are not supported (only strings)",
            ),
            ("[email-addr:value IN ()]", "an empty `IN ()` set names no value"),
        ];
        for (pattern, reason) in cases {
            assert_eq!(
                check(pattern),
                format!("unsupported: {reason}"),
                "{pattern}"
            );
        }
    }

    #[test]
    fn every_reason_is_reported_once() {
        assert_eq!(
            check("[file:name = 'a' AND file:name = 'b'] FOLLOWEDBY [email-addr:value != 'x'] WITHIN 5 SECONDS"),
            "unsupported: `FOLLOWEDBY` is not supported; `AND` between comparisons is not supported (each comparison must name one value); object path `file:name` is not supported (supported: email-addr:value, ipv4-addr:value, ipv6-addr:value, domain-name:value, url:value, user-account:account_login); operator `!=` is not supported (supported: `=`, `IN`, `LIKE`, `ISSUBSET`); qualifier `WITHIN` is not supported"
        );
    }

    #[test]
    fn syntax_errors() {
        let cases = [
            (
                "[email-addr:value = 'a@x.example",
                "pattern syntax error at character 21: unterminated string",
            ),
            (
                "[email-addr:value = 'a@x.example'",
                "pattern syntax error at character 1: this bracket is never closed with `]`",
            ),
            (
                "[email-addr:value = 'a@x.example']]",
                "pattern syntax error at character 35: expected the end of the pattern, found `]`",
            ),
            (
                "email-addr:value = 'a@x.example'",
                "pattern syntax error at character 1: expected `[` or `(`, found `email-addr`",
            ),
            (
                "[email-addr:value = ]",
                "pattern syntax error at character 21: expected a value, found `]`",
            ),
            (
                "[email-addr:value 'a@x.example']",
                "pattern syntax error at character 19: expected a comparison operator, found a string",
            ),
            (
                "[email-addr = 'a@x.example']",
                "pattern syntax error at character 13: expected `:` after the object type, found `=`",
            ),
            (
                "[email-addr:value = 'a'] OR",
                "pattern syntax error at character 28: expected `[`, found the end of the pattern",
            ),
            (
                "[email-addr:value IN ('a', 'b']",
                "pattern syntax error at character 31: expected `,` or `)`, found `]`",
            ),
            (
                "[email-addr:value = 'a'] WITHIN SECONDS",
                "pattern syntax error at character 33: expected a positive number of seconds, found `SECONDS`",
            ),
            ("", "pattern syntax error at character 1: expected `[`, found the end of the pattern"),
            (
                "[email-addr:value = 'é' ~]",
                "pattern syntax error at character 25: unexpected character `~`",
            ),
        ];
        for (pattern, message) in cases {
            assert_eq!(check(pattern), format!("syntax: {message}"), "{pattern}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!(
            "{}[email-addr:value = 'a']{}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        assert!(check(&deep).starts_with("syntax: "), "{}", check(&deep));
        let ok = format!(
            "{}[email-addr:value = 'a']{}",
            "(".repeat(10),
            ")".repeat(10)
        );
        assert_eq!(check(&ok), "email-addr:value Equals a");
    }

    #[test]
    fn literals_of_every_kind_parse() {
        for pattern in [
            "[file:size >= 1024]",
            "[file:size < -1.5]",
            "[x-custom:flag = true]",
            "[artifact:payload_bin = b'AAEC']",
            "[file:hashes.MD5 = h'00ff']",
            "[file:created = t'2024-01-01T00:00:00Z']",
            "[file:parent_directory_ref.path = 'C:\\\\Windows']",
        ] {
            assert!(parse(pattern).is_ok(), "{pattern}: {:?}", parse(pattern));
        }
    }
}
