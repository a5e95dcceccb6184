//! Input-output analysis: the Leontief and Ghosh models, multipliers and
//! linkages ([`leontief`]), regionalisation of a national table by location
//! quotients ([`regionalise`]) and regional investment impacts ([`impact`]).

pub mod impact;
pub mod leontief;
pub mod regionalise;
