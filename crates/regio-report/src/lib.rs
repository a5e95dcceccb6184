//! regio-report: presents regio's results. SVG choropleth maps from region
//! boundaries (classified as in mapclassify, coloured with colour-blind-safe
//! palettes), SVG charts, a self-contained HTML report (inline SVG and CSS,
//! no network) and PNG export through resvg.
//!
//! Everything here is pure and deterministic: the same tables and
//! boundaries give the same bytes.

pub mod areas_section;
pub mod chart;
pub mod classify;
pub mod html;
pub mod map;
pub mod palette;
pub mod png;
pub mod policy;
pub mod projection;
pub mod study;
pub mod svg;
pub mod zones_section;

pub use classify::{classify, Classification, Scheme};
pub use html::{Figure, Report, Section};
pub use map::{render_choropleth, Choropleth, Marker, ProjectedMap};
pub use palette::Palette;
pub use policy::{AreasView, ZonesView};

/// Errors of the presenters.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The inputs cannot be presented as asked (message says what and why).
    #[error("{0}")]
    Invalid(String),
    /// A domain error from regio-core.
    #[error(transparent)]
    Core(#[from] regio_core::Error),
    /// Rendering to PNG failed.
    #[error("PNG export: {0}")]
    Png(String),
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, ReportError>;
