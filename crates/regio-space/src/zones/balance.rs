//! The zone balance as an expression over attribute columns, linear in the
//! emission-reduction rate r: balance_i(r) = base_i + slope_i · r.
//!
//! Grammar: numbers, column names, `+ - * /`, parentheses, and the variable
//! `r`. When the expression does not mention `r`, the reduction applies to
//! its subtracted top-level terms: `absorption - emission` becomes
//! `absorption - (1 - r) · emission`, the net-zero zoning condition of the
//! resource-circulation zones (Σ absorption ≥ (1 − r) Σ emission).

use regio_core::{Error, Result};

/// A per-unit balance, linear in the reduction rate r.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// The expression as given.
    pub expr: String,
    /// Balance at r = 0, per unit.
    pub base: Vec<f64>,
    /// d balance / d r, per unit.
    pub slope: Vec<f64>,
    /// True when the expression used `r` explicitly.
    pub explicit_r: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Id(String),
    Op(char),
}

#[derive(Debug, Clone)]
enum Ast {
    Num(f64),
    Col(String),
    R,
    Neg(Box<Ast>),
    Bin(char, Box<Ast>, Box<Ast>),
}

fn lex(s: &str) -> Result<Vec<Tok>> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let st = i;
            while i < cs.len()
                && (cs[i].is_ascii_digit()
                    || cs[i] == '.'
                    || cs[i] == 'e'
                    || cs[i] == 'E'
                    || ((cs[i] == '-' || cs[i] == '+')
                        && i > st
                        && (cs[i - 1] == 'e' || cs[i - 1] == 'E')))
            {
                i += 1;
            }
            let t: String = cs[st..i].iter().collect();
            let v: f64 = t.parse().map_err(|_| {
                Error::invalid(format!(
                    "balance {s:?}: {t:?} at character {} is not a number",
                    st + 1
                ))
            })?;
            out.push(Tok::Num(v));
        } else if c.is_alphabetic() || c == '_' {
            let st = i;
            while i < cs.len() && (cs[i].is_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            out.push(Tok::Id(cs[st..i].iter().collect()));
        } else if "+-*/()".contains(c) {
            out.push(Tok::Op(c));
            i += 1;
        } else {
            return Err(Error::invalid(format!(
                "balance {s:?}: unexpected character {c:?} at {} (allowed: column names, numbers, + - * / ( ) and r)",
                i + 1
            )));
        }
    }
    Ok(out)
}

/// Deepest nesting of parentheses and unary signs a balance expression may have.
pub const MAX_DEPTH: usize = 64;

/// Most tokens a balance expression may have (bounds the evaluation depth).
pub const MAX_TOKENS: usize = 4096;

struct Parser<'a> {
    toks: &'a [Tok],
    at: usize,
    depth: usize,
    src: &'a str,
    columns: &'a dyn Fn(&str) -> bool,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> Error {
        Error::invalid(format!("balance {:?}: {what}", short(self.src)))
    }
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    /// expr := term (('+'|'-') term)*, returned as signed top-level terms.
    fn terms(&mut self) -> Result<Vec<(bool, Ast)>> {
        let mut v = vec![(true, self.term()?)];
        while let Some(Tok::Op(c @ ('+' | '-'))) = self.peek() {
            let plus = *c == '+';
            self.at += 1;
            v.push((plus, self.term()?));
        }
        Ok(v)
    }
    fn expr(&mut self) -> Result<Ast> {
        let ts = self.terms()?;
        let mut it = ts.into_iter();
        let (_, first) = it.next().expect("at least one term");
        Ok(it.fold(first, |acc, (plus, t)| {
            Ast::Bin(if plus { '+' } else { '-' }, Box::new(acc), Box::new(t))
        }))
    }
    fn term(&mut self) -> Result<Ast> {
        let mut a = self.factor()?;
        while let Some(Tok::Op(c @ ('*' | '/'))) = self.peek() {
            let c = *c;
            self.at += 1;
            a = Ast::Bin(c, Box::new(a), Box::new(self.factor()?));
        }
        Ok(a)
    }
    fn factor(&mut self) -> Result<Ast> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err(&format!(
                "nested more than {MAX_DEPTH} levels deep (parentheses or signs); expected a shallower expression"
            )));
        }
        self.depth += 1;
        let r = self.factor_inner();
        self.depth -= 1;
        r
    }
    fn factor_inner(&mut self) -> Result<Ast> {
        match self.peek().cloned() {
            Some(Tok::Op('-')) => {
                self.at += 1;
                Ok(Ast::Neg(Box::new(self.factor()?)))
            }
            Some(Tok::Op('+')) => {
                self.at += 1;
                self.factor()
            }
            Some(Tok::Num(v)) => {
                self.at += 1;
                Ok(Ast::Num(v))
            }
            Some(Tok::Id(s)) => {
                self.at += 1;
                if (self.columns)(&s) {
                    Ok(Ast::Col(s))
                } else if s == "r" {
                    Ok(Ast::R)
                } else {
                    Err(Error::invalid(format!(
                        "balance {:?}: unknown column {s:?}",
                        short(self.src)
                    )))
                }
            }
            Some(Tok::Op('(')) => {
                self.at += 1;
                let e = self.expr()?;
                if self.peek() != Some(&Tok::Op(')')) {
                    return Err(self.err("missing closing parenthesis"));
                }
                self.at += 1;
                Ok(e)
            }
            Some(t) => Err(self.err(&format!("unexpected {t:?}"))),
            None => Err(self.err("unexpected end of expression")),
        }
    }
}

/// At most 60 characters of an expression, for messages.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

fn uses_r(a: &Ast) -> bool {
    match a {
        Ast::R => true,
        Ast::Num(_) | Ast::Col(_) => false,
        Ast::Neg(x) => uses_r(x),
        Ast::Bin(_, x, y) => uses_r(x) || uses_r(y),
    }
}

/// Evaluates `a` for unit `i` as (value at r=0, slope in r).
fn eval(a: &Ast, i: usize, col: &dyn Fn(&str, usize) -> f64, src: &str) -> Result<(f64, f64)> {
    Ok(match a {
        Ast::Num(v) => (*v, 0.0),
        Ast::R => (0.0, 1.0),
        Ast::Col(c) => (col(c, i), 0.0),
        Ast::Neg(x) => {
            let (p, q) = eval(x, i, col, src)?;
            (-p, -q)
        }
        Ast::Bin(op, x, y) => {
            let (a0, a1) = eval(x, i, col, src)?;
            let (b0, b1) = eval(y, i, col, src)?;
            match op {
                '+' => (a0 + b0, a1 + b1),
                '-' => (a0 - b0, a1 - b1),
                '*' => {
                    if a1 != 0.0 && b1 != 0.0 {
                        return Err(Error::invalid(format!(
                            "balance {src:?} is not linear in r (r multiplied by r)"
                        )));
                    }
                    (a0 * b0, a0 * b1 + a1 * b0)
                }
                _ => {
                    if b1 != 0.0 {
                        return Err(Error::invalid(format!(
                            "balance {src:?} divides by an expression in r"
                        )));
                    }
                    if b0 == 0.0 {
                        return Err(Error::InvalidValue {
                            value: "0".into(),
                            expected: "a non-zero divisor".into(),
                            context: Some(format!("balance {src:?}, unit #{i}")),
                        });
                    }
                    (a0 / b0, a1 / b0)
                }
            }
        }
    })
}

fn columns_of(a: &Ast, out: &mut Vec<String>) {
    match a {
        Ast::Col(c) if !out.contains(c) => out.push(c.clone()),
        Ast::Neg(x) => columns_of(x, out),
        Ast::Bin(_, x, y) => {
            columns_of(x, out);
            columns_of(y, out);
        }
        _ => {}
    }
}

impl Balance {
    /// Parses `expr` over `columns` (name → one value per unit, `None` =
    /// missing); `codes` name the units in messages.
    pub fn parse(expr: &str, columns: &[(&str, &[Option<f64>])], codes: &[String]) -> Result<Self> {
        let toks = lex(expr)?;
        if toks.is_empty() {
            return Err(Error::invalid("balance expression is empty"));
        }
        let has = |s: &str| columns.iter().any(|(c, _)| *c == s);
        // nesting first (an iterative scan), so a deep expression gets the depth message
        let mut depth = 0usize;
        for t in &toks {
            match t {
                Tok::Op('(') => depth += 1,
                Tok::Op(')') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_DEPTH {
                return Err(Error::invalid(format!(
                    "balance {:?}: nested more than {MAX_DEPTH} levels deep (parentheses or signs); expected a shallower expression",
                    short(expr)
                )));
            }
        }
        if toks.len() > MAX_TOKENS {
            return Err(Error::invalid(format!(
                "balance expression has {} tokens; expected at most {MAX_TOKENS}",
                toks.len()
            )));
        }
        let mut p = Parser {
            toks: &toks,
            at: 0,
            depth: 0,
            src: expr,
            columns: &has,
        };
        let terms = p.terms().map_err(|e| {
            let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
            if e.to_string().contains("unknown column") {
                Error::invalid(format!("{e} (available: {})", names.join(", ")))
            } else {
                e
            }
        })?;
        if p.at != toks.len() {
            return Err(p.err(&format!("unexpected {:?} after the expression", toks[p.at])));
        }
        let n = codes.len();
        let mut used = Vec::new();
        for (_, t) in &terms {
            columns_of(t, &mut used);
        }
        let mut cols: Vec<(&str, Vec<f64>)> = Vec::new();
        for u in &used {
            let (_, v) = columns
                .iter()
                .find(|(c, _)| c == u)
                .expect("checked by the parser");
            if v.len() != n {
                return Err(Error::Shape(format!(
                    "column {u}: {} values for {n} units",
                    v.len()
                )));
            }
            let mut vals = Vec::with_capacity(n);
            for (i, x) in v.iter().enumerate() {
                match x {
                    Some(x) if x.is_finite() => vals.push(*x),
                    _ => {
                        let count = v.iter().filter(|x| !x.is_some_and(f64::is_finite)).count();
                        return Err(Error::Missing {
                            count,
                            what: format!(
                                "balance column {u} (a balance must be defined for every unit)"
                            ),
                            first: format!("region {}", codes[i]),
                        });
                    }
                }
            }
            cols.push((u.as_str(), vals));
        }
        let col = |name: &str, i: usize| -> f64 {
            cols.iter()
                .find(|(c, _)| *c == name)
                .map(|(_, v)| v[i])
                .unwrap_or(f64::NAN)
        };
        let explicit_r = terms.iter().any(|(_, t)| uses_r(t));
        let mut base = vec![0.0; n];
        let mut slope = vec![0.0; n];
        for i in 0..n {
            for (plus, t) in &terms {
                let (a, b) = eval(t, i, &col, expr)?;
                let s = if *plus { 1.0 } else { -1.0 };
                base[i] += s * a;
                slope[i] += s * b;
                if !explicit_r && !plus {
                    // −(1 − r)·t = −t + r·t
                    slope[i] += a;
                }
            }
            if !base[i].is_finite() || !slope[i].is_finite() {
                return Err(Error::InvalidValue {
                    value: base[i].to_string(),
                    expected: "a finite balance".into(),
                    context: Some(format!("balance {expr:?}, region {}", codes[i])),
                });
            }
        }
        Ok(Balance {
            expr: expr.to_string(),
            base,
            slope,
            explicit_r,
        })
    }

    /// Builds directly from absorption and emission: a − (1 − r)·e.
    pub fn absorption_emission(absorption: &[f64], emission: &[f64]) -> Self {
        Balance {
            expr: "absorption - (1 - r) * emission".into(),
            base: absorption
                .iter()
                .zip(emission)
                .map(|(a, e)| a - e)
                .collect(),
            slope: emission.to_vec(),
            explicit_r: true,
        }
    }

    /// Balance per unit at reduction rate `r`.
    pub fn at(&self, r: f64) -> Vec<f64> {
        self.base
            .iter()
            .zip(&self.slope)
            .map(|(b, s)| b + s * r)
            .collect()
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.base.len()
    }

    /// True when there are no units.
    pub fn is_empty(&self) -> bool {
        self.base.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("u{i}")).collect()
    }

    #[test]
    fn implicit_reduction_scales_subtracted_terms() {
        let a = [Some(10.0), Some(0.0)];
        let e = [Some(40.0), Some(5.0)];
        let b =
            Balance::parse("absorb - emit", &[("absorb", &a), ("emit", &e)], &codes(2)).unwrap();
        // unit 0 at r = 0.75: 10 − 0.25 · 40 = 0; unit 1: 0 − 0.25 · 5 = −1.25.
        assert_eq!(b.at(0.75), vec![0.0, -1.25]);
        assert!(!b.explicit_r);
    }

    #[test]
    fn explicit_r_and_precedence() {
        let a = [Some(10.0)];
        let e = [Some(40.0)];
        let cols: [(&str, &[Option<f64>]); 2] = [("a", &a), ("e", &e)];
        // 2 * a − (1 − r) * e at r = 0.5: 20 − 20 = 0.
        let b = Balance::parse("2*a - (1 - r) * e", &cols, &codes(1)).unwrap();
        assert_eq!(b.at(0.5), vec![0.0]);
        assert!(Balance::parse("a - r * r * e", &cols, &codes(1)).is_err());
        let err = Balance::parse("a - emissions", &cols, &codes(1))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown column \"emissions\"") && err.contains("available: a, e"),
            "{err}"
        );
        assert!(Balance::parse("a - (e", &cols, &codes(1)).is_err());
        assert!(Balance::parse("a $ e", &cols, &codes(1)).is_err());
        assert!(Balance::parse("a / 0", &cols, &codes(1)).is_err());
    }

    #[test]
    fn missing_values_are_named() {
        let a = [Some(1.0), None];
        let err = Balance::parse("a", &[("a", &a)], &codes(2))
            .unwrap_err()
            .to_string();
        assert!(err.contains("region u1"), "{err}");
        let nan = [Some(1.0), Some(f64::NAN)];
        assert!(Balance::parse("a", &[("a", &nan)], &codes(2)).is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let col: Vec<Option<f64>> = vec![Some(1.0), Some(2.0)];
        let cols: Vec<(&str, &[Option<f64>])> = vec![("a", &col)];
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        let e = Balance::parse(&deep, &cols, &codes(2))
            .unwrap_err()
            .to_string();
        assert!(e.contains("nested more than 64 levels"), "{e}");
        assert!(e.len() < 300, "{e}");
        let signs = format!("{}a", "-".repeat(10_000));
        let e = Balance::parse(&signs, &cols, &codes(2))
            .unwrap_err()
            .to_string();
        assert!(e.contains("tokens") || e.contains("nested"), "{e}");
        let long = vec!["a"; 3000].join("+");
        let e = Balance::parse(&long, &cols, &codes(2))
            .unwrap_err()
            .to_string();
        assert!(e.contains("at most 4096"), "{e}");
        let ok = format!("{}a{}", "(".repeat(60), ")".repeat(60));
        Balance::parse(&ok, &cols, &codes(2)).unwrap();
    }
}
