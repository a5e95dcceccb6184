//! The study: every analysis the data support, run with the documented
//! defaults, its tables tagged with the section of the study they answer
//! (1 regional diagnostics, 2 net-zero zones, 3 living areas and decline,
//! 4 strategic industries). The HTML report and the dashboard present a
//! [`Study`]; neither runs an analysis itself.

use regio_core::Table;

/// The sections of the study, in order (the report adds a fifth, data and methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// 1 Regional diagnostics: specialisation, shift-share, spatial structure.
    Diagnostics,
    /// 2 Net-zero resource-circulation zones.
    Zones,
    /// 3 Living areas, hub cities and population decline.
    Areas,
    /// 4 Strategic industries and growth paths.
    Strategy,
}

impl Section {
    /// Every section in study order.
    pub const ALL: [Section; 4] = [
        Section::Diagnostics,
        Section::Zones,
        Section::Areas,
        Section::Strategy,
    ];

    /// Position in the study (0-based).
    pub fn index(self) -> usize {
        self as usize
    }

    /// A short ASCII id (`diagnostics`, `zones`, `areas`, `strategy`).
    pub fn id(self) -> &'static str {
        match self {
            Section::Diagnostics => "diagnostics",
            Section::Zones => "zones",
            Section::Areas => "areas",
            Section::Strategy => "strategy",
        }
    }

    /// The section of a dataset's attribute set (or one of its columns)
    /// that no analysis consumed, told by its name: carbon and zoning data
    /// go with the zones; demography, living areas and flows with section 3;
    /// complexity and strategy with section 4; anything else with the
    /// diagnostics. Result tables never go through this: each workflow tags
    /// its own tables.
    pub fn of_data_name(name: &str) -> Section {
        let n = name.to_ascii_lowercase();
        let has = |k: &[&str]| k.iter().any(|w| n.contains(w));
        if has(&[
            "zone", "netzero", "net_zero", "frontier", "feasib", "carbon",
        ]) {
            Section::Zones
        } else if has(&[
            "living",
            "area",
            "functional",
            "ttwa",
            "intramax",
            "extinction",
            "decline",
            "demograph",
            "migration",
            "commut",
        ]) {
            Section::Areas
        } else if has(&[
            "strateg",
            "complexity",
            "eci",
            "pci",
            "relatedness",
            "density",
            "growth_path",
            "candidate",
            "smart",
        ]) {
            Section::Strategy
        } else {
            Section::Diagnostics
        }
    }
}

/// A result table and the section of the study it answers.
#[derive(Debug, Clone)]
pub struct Tagged {
    /// The section.
    pub section: Section,
    /// The table.
    pub table: Table,
}

impl Tagged {
    /// Tags every table of `tables` with `section`.
    pub fn all(section: Section, tables: Vec<Table>) -> Vec<Tagged> {
        tables
            .into_iter()
            .map(|table| Tagged { section, table })
            .collect()
    }
}
