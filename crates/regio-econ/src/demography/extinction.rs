//! Local-extinction risk index (Lee Sang-ho 2016, "한국의 지방소멸에 관한 7가지
//! 분석", Korea Employment Information Service, after Masuda 2014):
//! women aged 20–39 divided by the population aged 65 and over, in five
//! classes: ≥ 1.5 very low risk, 1.0–1.5 normal, 0.5–1.0 caution,
//! 0.2–0.5 at risk (extinction risk entered), < 0.2 high risk.

use regio_core::{Error, Result, Table};

/// The five risk classes, from the lowest risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RiskClass {
    /// Index ≥ 1.5 (소멸위험 매우 낮음).
    VeryLow,
    /// 1.0 ≤ index < 1.5 (보통).
    Normal,
    /// 0.5 ≤ index < 1.0 (주의).
    Caution,
    /// 0.2 ≤ index < 0.5 (소멸위험 진입).
    AtRisk,
    /// Index < 0.2 (소멸고위험).
    HighRisk,
}

impl RiskClass {
    /// Class of an index value (lower bounds inclusive).
    pub fn of(index: f64) -> RiskClass {
        if index >= 1.5 {
            RiskClass::VeryLow
        } else if index >= 1.0 {
            RiskClass::Normal
        } else if index >= 0.5 {
            RiskClass::Caution
        } else if index >= 0.2 {
            RiskClass::AtRisk
        } else {
            RiskClass::HighRisk
        }
    }

    /// Class number 1 (very low risk) … 5 (high risk).
    pub fn number(self) -> i64 {
        self as i64 + 1
    }

    /// Short English label.
    pub fn label(self) -> &'static str {
        match self {
            RiskClass::VeryLow => "very_low_risk",
            RiskClass::Normal => "normal",
            RiskClass::Caution => "caution",
            RiskClass::AtRisk => "at_risk",
            RiskClass::HighRisk => "high_risk",
        }
    }

    /// True for the two extinction-risk classes (index < 0.5).
    pub fn is_risk(self) -> bool {
        self >= RiskClass::AtRisk
    }
}

/// The index: women aged 20–39 / persons aged 65+.
pub fn extinction_index(women_20_39: f64, pop_65plus: f64) -> f64 {
    women_20_39 / pop_65plus
}

/// The index and class for every region, as the table `extinction`
/// (region key `region`). Fails naming the region on missing, negative or
/// non-finite counts and on a region without residents aged 65+.
pub fn extinction_table(
    codes: &[String],
    names: &[String],
    women_20_39: &[Option<f64>],
    pop_65plus: &[Option<f64>],
    total_pop: Option<&[Option<f64>]>,
) -> Result<Table> {
    let n = codes.len();
    if women_20_39.len() != n || pop_65plus.len() != n || names.len() != n {
        return Err(Error::Shape(format!(
            "{n} regions, {} names, {} female_20_39 values, {} pop_65plus values",
            names.len(),
            women_20_39.len(),
            pop_65plus.len()
        )));
    }
    let get = |v: &[Option<f64>], i: usize, what: &str| -> Result<f64> {
        match v[i] {
            Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
            Some(x) => Err(Error::InvalidValue {
                value: x.to_string(),
                expected: format!("a non-negative count of {what}"),
                context: Some(format!("region {}", codes[i])),
            }),
            None => Err(Error::Missing {
                count: v.iter().filter(|x| x.is_none()).count(),
                what: what.into(),
                first: format!("region {}", codes[i]),
            }),
        }
    };
    let mut idx = Vec::with_capacity(n);
    let mut w = Vec::with_capacity(n);
    let mut o = Vec::with_capacity(n);
    for (i, code) in codes.iter().enumerate() {
        let (a, b) = (
            get(women_20_39, i, "female_20_39")?,
            get(pop_65plus, i, "pop_65plus")?,
        );
        if b == 0.0 {
            return Err(Error::invalid(format!(
                "region {code} has no residents aged 65+: the extinction index is undefined"
            )));
        }
        w.push(a);
        o.push(b);
        idx.push(extinction_index(a, b));
    }
    let classes: Vec<RiskClass> = idx.iter().map(|&x| RiskClass::of(x)).collect();
    let mut t = Table::new("extinction").with_region_key("region");
    t.push_str("region", "region code", codes.to_vec())
        .push_str("name", "region name", names.to_vec());
    if let Some(tp) = total_pop {
        t.push_opt_f64("total_pop", "total population", tp.to_vec());
    }
    t.push_f64("female_20_39", "women aged 20-39", w)
        .push_f64("pop_65plus", "persons aged 65 and over", o)
        .push_f64(
            "extinction_index",
            "women 20-39 / persons 65+ (Lee Sang-ho 2016)",
            idx,
        )
        .push_i64(
            "risk_class",
            "1: >=1.5 very low, 2: 1.0-1.5 normal, 3: 0.5-1.0 caution, 4: 0.2-0.5 at risk, 5: <0.2 high risk",
            classes.iter().map(|c| c.number()).collect(),
        )
        .push_str(
            "risk_label",
            "class label",
            classes.iter().map(|c| c.label().to_string()).collect(),
        )
        .push_bool(
            "extinction_risk",
            "index below 0.5 (classes 4 and 5)",
            classes.iter().map(|c| c.is_risk()).collect(),
        );
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_bounds() {
        assert_eq!(RiskClass::of(1.5), RiskClass::VeryLow);
        assert_eq!(RiskClass::of(1.4999), RiskClass::Normal);
        assert_eq!(RiskClass::of(1.0), RiskClass::Normal);
        assert_eq!(RiskClass::of(0.5), RiskClass::Caution);
        assert_eq!(RiskClass::of(0.4999), RiskClass::AtRisk);
        assert_eq!(RiskClass::of(0.2), RiskClass::AtRisk);
        assert_eq!(RiskClass::of(0.19), RiskClass::HighRisk);
        assert!(RiskClass::of(0.3).is_risk() && !RiskClass::of(0.5).is_risk());
    }
}
