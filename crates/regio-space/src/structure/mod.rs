//! Spatial structure: is an economy one centre with a hierarchy around it or
//! a multipolar network? Size distribution (primacy, rank-size, top-region
//! share), morphological vs functional polycentricity (Burger & Meijers
//! 2012), flow-network measures (Green 2007; Nystuen & Dacey 1961) and a
//! verdict table per year.

pub mod indicators;
pub mod network;
pub mod size;
pub mod verdict;

pub use indicators::{flow_indicators, size_indicators};
pub use network::{flow_network, FlowNetwork};
pub use size::{burger_meijers_slope, group_share, primacy2, primacy4, rank_size, RankSize};
pub use verdict::{indicators_table, overall_summary, verdict_table, Indicator, Multipolar};
