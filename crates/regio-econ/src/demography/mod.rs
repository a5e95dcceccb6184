//! Demography of regions in decline: the local-extinction risk index
//! (Lee Sang-ho 2016), a population-decline composite index on the eight
//! indicators of Korea's 2021 designation of population-decline areas, and
//! cohort-component population projection.

pub mod decline;
pub mod extinction;
pub mod projection;
