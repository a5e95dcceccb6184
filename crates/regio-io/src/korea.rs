//! Korean region names and codes: the 17 si-do with their KOSTAT/KOSIS census
//! codes (11, 21-26, 29, 31-39) under the names used by KOSIS exports (short
//! names such as `서울`), full official names (`서울특별시`) and former
//! names (`강원도`, `전라북도`). Source: KOSTAT classification of
//! administrative districts, as used in the data folders' PROVENANCE notes.

/// (KOSTAT code, official name, short name, other names).
pub const SIDO: [(&str, &str, &str, &[&str]); 17] = [
    ("11", "서울특별시", "서울", &[]),
    ("21", "부산광역시", "부산", &[]),
    ("22", "대구광역시", "대구", &[]),
    ("23", "인천광역시", "인천", &[]),
    ("24", "광주광역시", "광주", &[]),
    ("25", "대전광역시", "대전", &[]),
    ("26", "울산광역시", "울산", &[]),
    ("29", "세종특별자치시", "세종", &["세종시"]),
    ("31", "경기도", "경기", &[]),
    ("32", "강원특별자치도", "강원", &["강원도"]),
    ("33", "충청북도", "충북", &[]),
    ("34", "충청남도", "충남", &[]),
    ("35", "전북특별자치도", "전북", &["전라북도"]),
    ("36", "전라남도", "전남", &[]),
    ("37", "경상북도", "경북", &[]),
    ("38", "경상남도", "경남", &[]),
    ("39", "제주특별자치도", "제주", &["제주도"]),
];

/// The KOSTAT code of a si-do given any of its names (spaces ignored).
pub fn sido_code(name: &str) -> Option<&'static str> {
    let n: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    SIDO.iter()
        .find(|(_, full, short, other)| n == *full || n == *short || other.contains(&n.as_str()))
        .map(|s| s.0)
}

/// Names KOSIS uses for total rows (national total, all industries, sum).
pub const TOTAL_LABELS: &[&str] = &[
    "전국",
    "전체 산업",
    "전체산업",
    "계",
    "합계",
    "총계",
    "전체",
    "Total",
    "TOTAL",
    "total",
];

/// The KSIC-10 section letter of a KOSIS industry label such as
/// `제조업(10~34)` (matched on the division range in parentheses), per the
/// Korean Standard Industrial Classification, 10th revision (Statistics Korea, 2017).
pub fn ksic_section(label: &str) -> Option<&'static str> {
    const RANGES: [(&str, &str); 21] = [
        ("(01~03)", "A"),
        ("(05~08)", "B"),
        ("(10~34)", "C"),
        ("(35)", "D"),
        ("(36~39)", "E"),
        ("(41~42)", "F"),
        ("(45~47)", "G"),
        ("(49~52)", "H"),
        ("(55~56)", "I"),
        ("(58~63)", "J"),
        ("(64~66)", "K"),
        ("(68)", "L"),
        ("(70~73)", "M"),
        ("(74~76)", "N"),
        ("(84)", "O"),
        ("(85)", "P"),
        ("(86~87)", "Q"),
        ("(90~91)", "R"),
        ("(94~96)", "S"),
        ("(97~98)", "T"),
        ("(99)", "U"),
    ];
    let l: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    RANGES.iter().find(|(r, _)| l.ends_with(r)).map(|x| x.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_to_codes() {
        assert_eq!(sido_code("서울"), Some("11"));
        assert_eq!(sido_code("강원특별자치도"), Some("32"));
        assert_eq!(sido_code("강원도"), Some("32"));
        assert_eq!(sido_code("전라북도"), Some("35"));
        assert_eq!(sido_code("세종특별자치시"), Some("29"));
        assert_eq!(sido_code("Atlantis"), None);
        assert_eq!(ksic_section("제조업(10~34)"), Some("C"));
        assert_eq!(
            ksic_section("전기, 가스, 증기 및 공기조절 공급업(35)"),
            Some("D")
        );
        assert_eq!(ksic_section("전체 산업"), None);
    }
}
