//! The Leontief input-output model of one table (Leontief 1936; Miller &
//! Blair 2009, *Input-Output Analysis*, ch. 2 and 6): technical coefficients
//! A, gross output x, output / income / employment multipliers (type I, and
//! type II when household income and consumption are given), Rasmussen
//! (1956) linkages and key sectors, and the Leontief inverse L = (I − A)⁻¹
//! only when asked for. The model lives in
//! `regio_econ::input_output::leontief`; the files are read by
//! `regio_io::io_tables`.

use crate::error::{Result, StudyError};
use crate::progress::Progress;
use regio_core::Table;
use regio_econ::input_output::leontief::{
    linkage_table, linkages, matrix_table, multiplier_table, multipliers, ForwardIndex, IoTable,
    Leontief,
};
use std::path::{Path, PathBuf};

/// The files of an input-output table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableFiles {
    /// Intermediate flows Z: square CSV, sector labels in the header row and
    /// the first column (same order).
    pub z: PathBuf,
    /// Final demand Y: sector labels in the first column, one or more
    /// final-demand columns (summed).
    pub y: Option<PathBuf>,
    /// Gross output x: sector labels in the first column, one value column
    /// (default: rowsum(Z) + rowsum(Y)).
    pub x: Option<PathBuf>,
    /// Satellite accounts: a sector column and any of value_added, income,
    /// employment, household_consumption.
    pub satellite: Option<PathBuf>,
}

impl TableFiles {
    /// Z and Y.
    pub fn new(z: impl AsRef<Path>, y: impl AsRef<Path>) -> Self {
        TableFiles {
            z: z.as_ref().to_path_buf(),
            y: Some(y.as_ref().to_path_buf()),
            ..Default::default()
        }
    }

    /// Reads the table: Z, final demand or gross output (one is needed), and
    /// the satellite accounts.
    pub fn read(&self) -> Result<IoTable> {
        if self.y.is_none() && self.x.is_none() {
            return Err(StudyError::option(
                "y",
                "(none)",
                "a final-demand file, or a gross-output file as x",
            ));
        }
        let f = regio_io::io_tables::read_io_table(
            &self.z,
            self.y.as_deref(),
            self.x.as_deref(),
            self.satellite.as_deref(),
        )?;
        let n = f.sectors.len();
        let mut t = IoTable::new(
            f.sectors,
            f.z,
            f.final_demand.unwrap_or_else(|| vec![0.0; n]),
            f.output,
        )?;
        for (name, v) in f.satellites {
            t = match name.as_str() {
                "value_added" => t.with_value_added(v)?,
                "income" => t.with_income(v)?,
                "employment" => t.with_employment(v)?,
                _ => t.with_household_consumption(v)?,
            };
        }
        Ok(t)
    }
}

/// Options of the input-output model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Also return the Leontief inverse L = (I − A)⁻¹ (otherwise only solves are used).
    pub inverse: bool,
    /// Forward index deciding key sectors: Rasmussen (row sums of L) or Ghosh.
    pub forward_index: ForwardIndex,
}

impl Options {
    /// Every option is valid (kept for the pattern of the workflows).
    pub fn validate(&self) -> Result<()> {
        Ok(())
    }
}

/// The model's results.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `x`, `A`, `L` (when asked for), `multipliers`, `linkages`, in this order.
    pub tables: Vec<Table>,
    /// The table read.
    pub table: IoTable,
}

/// Reads the table and computes the model.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("regio-io-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("Z.csv"), "sector,s1,s2\ns1,150,500\ns2,200,100\n")?;
/// std::fs::write(dir.join("Y.csv"), "sector,fd\ns1,350\ns2,1700\n")?;
/// let files = regio_study::input_output::TableFiles::new(dir.join("Z.csv"), dir.join("Y.csv"));
/// let out = regio_study::input_output::run(&files, &Default::default(), &regio_study::Silent)?;
/// assert_eq!(out.tables.len(), 4);
/// assert_eq!(out.table.output, vec![1000.0, 2000.0]);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(files: &TableFiles, opts: &Options, progress: &dyn Progress) -> Result<Outcome> {
    opts.validate()?;
    let t = files.read()?;
    progress.say(&format!(
        "input-output table: {} sectors from {}",
        t.n(),
        files.z.display()
    ));
    let model = Leontief::from_table(&t)?;
    let mut tables = vec![
        vector_table(
            "x",
            "indout",
            "gross output x = rowsum(Z) + rowsum(Y) (or as given)",
            &t.sectors,
            t.output.clone(),
        ),
        matrix_table(
            "A",
            "technical coefficient a_ij = z_ij / x_j (zero output: zero column)",
            &t.sectors,
            &model.a,
        ),
    ];
    if opts.inverse {
        tables.push(matrix_table(
            "L",
            "Leontief inverse (I - A)^-1",
            &t.sectors,
            &model.inverse(),
        ));
    }
    let m = multipliers(&t)?;
    tables.push(multiplier_table(&m));
    tables.push(linkage_table(&linkages(&t)?, opts.forward_index));
    let (lo, hi) = m
        .output
        .simple
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    progress.say(&format!(
        "output multipliers from {lo:.6} to {hi:.6}{}",
        if m.output.type_ii.is_some() {
            "; type II from the household-closed model"
        } else {
            ""
        }
    ));
    Ok(Outcome { tables, table: t })
}

/// A per-sector vector table.
fn vector_table(name: &str, col: &str, doc: &str, sectors: &[String], v: Vec<f64>) -> Table {
    let mut t = Table::new(name);
    t.push_str("sector", "sector code", sectors.to_vec())
        .push_f64(col, doc, v);
    t
}
