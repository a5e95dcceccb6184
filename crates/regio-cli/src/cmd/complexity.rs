//! `regio complexity`: economic complexity and relatedness of regions and
//! activities: ECI/PCI (Hidalgo & Hausmann 2009), fitness (Tacchella et al.
//! 2012), proximity (Hidalgo et al. 2007), density, distance, COI and COG
//! (Hausmann et al. 2014), with validity diagnostics. The analysis lives in
//! `regio_econ::complexity`; this module only wires input and output.

use crate::common::{self, CliError, Ctx};
use regio_core::{Boundaries, Dataset, Table};
use regio_econ::complexity::{
    self, proximity, Convention, DensityConvention, EciMethod, FitnessOptions, Options,
    ProximityMeasure,
};
use regio_econ::rca::Comparison;

/// Arguments of `regio complexity`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: common::InputArgs,
    #[command(flatten)]
    pub output: common::OutputArgs,
    /// Measure (panel) to use, e.g. employees or establishments.
    /// Default: employees, or the dataset's only measure.
    #[arg(long)]
    pub measure: Option<String>,
    /// Series (basis) of the measure when it has several, e.g. from2020.
    #[arg(long)]
    pub series: Option<String>,
    /// Year(s), comma-separated, or `all` (computed in parallel). Default: the latest year.
    #[arg(long, value_delimiter = ',')]
    pub year: Vec<String>,
    /// Missing cells: error, zero or drop-regions.
    #[arg(long, default_value = "error")]
    pub missing: String,
    /// ECI/PCI sign and scale: growth-lab (py-ecomplexity), zscore (Datawheel) or econgeo.
    #[arg(long, default_value = "growth-lab")]
    pub convention: String,
    /// RCA threshold for presence (M = RCA >= threshold).
    #[arg(long, default_value_t = 1.0)]
    pub threshold: f64,
    /// Presence when RCA > threshold (EconGeo) instead of >= (py-ecomplexity).
    #[arg(long)]
    pub strict: bool,
    /// ECI method: eigenvector or reflections.
    #[arg(long, default_value = "eigenvector")]
    pub method: String,
    /// Number of reflections for --method reflections.
    #[arg(long, default_value_t = 18)]
    pub reflections: usize,
    /// Proximity: min-conditional, asymmetric, probability, association, cosine or jaccard.
    #[arg(long, default_value = "min-conditional")]
    pub proximity: String,
    /// Density: growth-lab (self-term included, 0-1) or econgeo (self-term excluded, 0-100).
    #[arg(long, default_value = "growth-lab")]
    pub density: String,
    /// Add the Atlas term -(1 - d) PCI to COG (py-ecomplexity omits it).
    #[arg(long)]
    pub cog_atlas: bool,
    /// Fitness extremality gamma (Mariani et al. 2015; 1 = Tacchella et al. 2012).
    #[arg(long, default_value_t = 1.0)]
    pub gamma: f64,
    /// Smallest proximity written to the proximity table.
    #[arg(long, default_value_t = 0.0)]
    pub min_proximity: f64,
}

fn parse_options(a: &Args) -> Result<Options, CliError> {
    let convention = match a.convention.as_str() {
        "growth-lab" | "growthlab" => Convention::GrowthLab,
        "zscore" => Convention::ZScore,
        "econgeo" => Convention::EconGeo,
        o => {
            return Err(CliError::Usage(format!(
                "--convention {o:?}: expected growth-lab, zscore or econgeo"
            )))
        }
    };
    let method = match a.method.as_str() {
        "eigenvector" => EciMethod::Eigenvector,
        "reflections" => EciMethod::Reflections {
            iterations: a.reflections,
        },
        o => {
            return Err(CliError::Usage(format!(
                "--method {o:?}: expected eigenvector or reflections"
            )))
        }
    };
    let prox = match a.proximity.as_str() {
        "min-conditional" => ProximityMeasure::MinConditional,
        "asymmetric" => ProximityMeasure::Asymmetric,
        "probability" | "prob" => ProximityMeasure::Probability,
        "association" => ProximityMeasure::Association,
        "cosine" => ProximityMeasure::Cosine,
        "jaccard" => ProximityMeasure::Jaccard,
        o => return Err(CliError::Usage(format!(
            "--proximity {o:?}: expected min-conditional, asymmetric, probability, association, cosine or jaccard"
        ))),
    };
    let density = match a.density.as_str() {
        "growth-lab" | "growthlab" => DensityConvention::GrowthLab,
        "econgeo" => DensityConvention::EconGeo,
        o => {
            return Err(CliError::Usage(format!(
                "--density {o:?}: expected growth-lab or econgeo"
            )))
        }
    };
    if !a.threshold.is_finite() || a.threshold < 0.0 {
        return Err(CliError::Usage(format!(
            "--threshold {}: expected a non-negative number",
            a.threshold
        )));
    }
    if !(a.gamma.is_finite() && a.gamma > 0.0) {
        return Err(CliError::Usage(format!(
            "--gamma {}: expected a positive number",
            a.gamma
        )));
    }
    if matches!(method, EciMethod::Reflections { iterations } if iterations < 2) {
        return Err(CliError::Usage("--reflections: at least 2".into()));
    }
    Ok(Options {
        threshold: a.threshold,
        comparison: if a.strict {
            Comparison::Greater
        } else {
            Comparison::GreaterOrEqual
        },
        convention,
        method,
        proximity: prox,
        density,
        cog_atlas_term: a.cog_atlas,
        fitness: Some(FitnessOptions {
            gamma: a.gamma,
            ..FitnessOptions::default()
        }),
        ..Options::default()
    })
}

/// Codes and names of the rows and columns of one input matrix.
struct Labels {
    regions: Vec<(String, String)>,
    activities: Vec<(String, String)>,
}

/// Runs `regio complexity`.
pub fn run(a: Args, ctx: &Ctx) -> Result<(), CliError> {
    let opts = parse_options(&a)?;
    let mut runs: Vec<(Option<i32>, complexity::ComplexityResult)> = Vec::new();
    let (labels, boundaries): (Labels, Option<Boundaries>) = {
        let ds: Dataset = common::load_dataset(&a.input, ctx)?;
        let measure = common::measure_name(&ds, a.measure.as_deref());
        // The demo's measures come on two bases (pre2020, from2020): default to the current one.
        let series = match (&a.series, &a.input.input) {
            (None, None) if ds.panels.contains_key(&format!("{measure}@from2020")) => {
                ctx.say("series: from2020 (the demo's current basis; choose with --series)");
                Some("from2020".to_string())
            }
            (s, _) => s.clone(),
        };
        let panel = ds.panel_series(&measure, series.as_deref())?;
        let missing = common::missing_policy(&a.missing)?;
        let years: Vec<i32> = if a.year.is_empty() {
            vec![*panel
                .years
                .last()
                .ok_or_else(|| CliError::Usage(format!("panel {} has no years", panel.measure)))?]
        } else if a.year.len() == 1 && a.year[0] == "all" {
            panel.years.clone()
        } else {
            a.year
                .iter()
                .map(|y| {
                    y.trim().parse::<i32>().map_err(|_| {
                        CliError::Usage(format!("--year {y:?}: expected a year or all"))
                    })
                })
                .collect::<Result<_, _>>()?
        };
        // Region indices kept by a missing-cell policy differ per year; the
        // library reports indices into the matrix it was given.
        let mut kept_rows = Vec::new();
        for &y in &years {
            let (_, keep) = panel.matrix(y, missing)?;
            kept_rows.push(keep);
        }
        let step = ctx.step("complexity");
        let results = complexity::compute_years(panel, &years, missing, &opts)?;
        drop(step);
        let all_regions: Vec<(String, String)> = panel
            .regions
            .as_slice()
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect();
        for ((y, mut r), keep) in results.into_iter().zip(kept_rows) {
            for i in r.regions.iter_mut() {
                *i = keep[*i];
            }
            for d in r.dropped_regions.iter_mut() {
                d.0 = keep[d.0];
            }
            runs.push((Some(y), r));
        }
        let labels = Labels {
            regions: all_regions,
            activities: (0..panel.industries.len())
                .map(|i| {
                    let ind = panel.industries.get(i);
                    (ind.code.clone(), ind.name.clone())
                })
                .collect(),
        };
        let level = panel
            .regions
            .as_slice()
            .first()
            .and_then(|r| r.level.clone());
        let boundaries = level
            .and_then(|l| ds.boundaries.get(&l).cloned())
            .or_else(|| {
                (ds.boundaries.len() == 1).then(|| ds.boundaries.values().next().cloned())?
            });
        (labels, boundaries)
    };
    for (y, r) in &runs {
        let when = y.map(|y| format!("{y}: ")).unwrap_or_default();
        for w in &r.warnings {
            ctx.say(format!("warning: {when}{w}"));
        }
        for (i, why) in &r.dropped_regions {
            ctx.say(format!(
                "note: {when}region {} left out: {why}",
                labels.regions[*i].0
            ));
        }
        for (j, why) in &r.dropped_activities {
            ctx.say(format!(
                "note: {when}activity {} left out: {why}",
                labels.activities[*j].0
            ));
        }
        let d = &r.diagnostics;
        ctx.say(format!(
            "{when}{} regions x {} activities, M fill {:.3}, eigengap {}, spectral share {}, NODF {}",
            d.regions,
            d.activities,
            d.fill,
            fmt_opt(d.eigengap),
            fmt_opt(d.spectral_share),
            fmt_opt(d.nodf)
        ));
    }
    let tables = build_tables(&runs, &labels, &opts, a.min_proximity);
    common::write_tables(&a.output, &tables, boundaries.as_ref(), ctx)?;
    Ok(())
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.4}")).unwrap_or_else(|| "n/a".into())
}

/// The four result tables plus the diagnostics table.
fn build_tables(
    runs: &[(Option<i32>, complexity::ComplexityResult)],
    labels: &Labels,
    opts: &Options,
    min_prox: f64,
) -> Vec<Table> {
    let mut reg = Cols::default();
    let mut act = Cols::default();
    let mut cell = Cols::default();
    let mut prox = Cols::default();
    let mut diag = Cols::default();
    for (y, r) in runs {
        let idx = r.indices.as_ref();
        let fit = r.fitness.as_ref();
        for (k, &i) in r.regions.iter().enumerate() {
            reg.s("region", &labels.regions[i].0);
            reg.s("region_name", &labels.regions[i].1);
            reg.y(*y);
            reg.f("diversity", Some(r.diversity[k]));
            reg.f("eci", idx.map(|x| x.eci[k]));
            reg.f("fitness", fit.map(|f| f.fitness[k]));
            reg.f("coi", idx.map(|x| x.coi[k]));
        }
        for (k, &j) in r.activities.iter().enumerate() {
            act.s("activity", &labels.activities[j].0);
            act.s("activity_name", &labels.activities[j].1);
            act.y(*y);
            act.f("ubiquity", Some(r.ubiquity[k]));
            act.f("pci", idx.map(|x| x.pci[k]));
            act.f("complexity", fit.map(|f| f.complexity[k]));
        }
        let dist = r.distance(opts.density);
        for (a, &i) in r.regions.iter().enumerate() {
            for (b, &j) in r.activities.iter().enumerate() {
                cell.s("region", &labels.regions[i].0);
                cell.s("activity", &labels.activities[j].0);
                cell.y(*y);
                cell.f("rca", Some(r.rca.get(a, b)));
                cell.i("m", r.m.get(a, b) as i64);
                cell.f("density", Some(r.density.get(a, b)));
                cell.f("distance", Some(dist.get(a, b)));
                cell.f("cog", idx.map(|x| x.cog.get(a, b)));
            }
        }
        if let Some(phi) = &r.proximity {
            for (p, q, v) in proximity::long_list(phi, opts.proximity.is_symmetric(), min_prox) {
                prox.s("activity_1", &labels.activities[r.activities[p]].0);
                prox.s("activity_2", &labels.activities[r.activities[q]].0);
                prox.y(*y);
                prox.f("proximity", Some(v));
            }
        }
        let d = &r.diagnostics;
        let e = idx.map(|x| &x.eigen);
        diag.y(*y);
        diag.i("regions", d.regions as i64);
        diag.i("activities", d.activities as i64);
        diag.i("dropped_regions", r.dropped_regions.len() as i64);
        diag.i("dropped_activities", r.dropped_activities.len() as i64);
        diag.f("fill", Some(d.fill));
        diag.f("lambda2", e.and_then(|e| e.lambda2));
        diag.f("lambda3", e.and_then(|e| e.lambda3));
        diag.f("eigengap", d.eigengap);
        diag.f("spectral_share", d.spectral_share);
        diag.f("nodf", d.nodf);
        diag.f("nodf_regions", d.nodf_regions);
        diag.f("nodf_activities", d.nodf_activities);
        diag.s("solver", e.map(|e| e.solver).unwrap_or(""));
        diag.i("solver_iterations", e.map_or(0, |e| e.iterations as i64));
        diag.i("fitness_iterations", fit.map_or(0, |f| f.iterations as i64));
        diag.s(
            "eci_undefined",
            r.eci_undefined.as_deref().unwrap_or_default(),
        );
    }
    vec![
        reg.table("regions", DOCS).with_region_key("region"),
        act.table("activities", DOCS),
        cell.table("region_activity", DOCS)
            .with_region_key("region"),
        prox.table("proximity", DOCS),
        diag.table("diagnostics", DOCS),
    ]
}

/// Column documentation (name, doc).
const DOCS: &[(&str, &str)] = &[
    ("region", "region code as published"),
    ("region_name", "region name"),
    ("year", "year of the data"),
    ("diversity", "number of activities with M = 1 (k_c,0; Hidalgo & Hausmann 2009)"),
    ("eci", "Economic Complexity Index (eigenvector of Mcc, second eigenvalue; sign and scale per --convention)"),
    ("fitness", "fitness of the region, mean 1 (Tacchella et al. 2012; extremality gamma, Mariani et al. 2015)"),
    ("coi", "complexity outlook index: z-score of sum_p density (1 - M) kp (py-ecomplexity 0.5.3; Hausmann et al. 2014)"),
    ("activity", "activity (industry, product) code as published"),
    ("activity_name", "activity name"),
    ("ubiquity", "number of regions with M = 1 (k_p,0; Hidalgo & Hausmann 2009)"),
    ("pci", "Product (activity) Complexity Index (sign and scale per --convention)"),
    ("complexity", "complexity of the activity, mean 1 (Tacchella et al. 2012)"),
    ("rca", "revealed comparative advantage / location quotient (x_ca / X_c) / (X_a / X) (Balassa 1965)"),
    ("m", "presence: 1 when RCA >= threshold (> with --strict), else 0"),
    ("density", "density: sum_q M_cq phi_pq / sum_q phi_pq (Hidalgo et al. 2007; scale per --density)"),
    ("distance", "1 - density on the 0-1 scale (Hausmann et al. 2014)"),
    ("cog", "complexity outlook gain: (1 - M_cp) sum_q (1 - M_cq) phi_qp / sum_j phi_qj kp_q / sd(kc) (py-ecomplexity 0.5.3)"),
    ("activity_1", "first activity of the pair"),
    ("activity_2", "second activity of the pair"),
    ("proximity", "proximity phi between the two activities (per --proximity; min-conditional: Hidalgo et al. 2007)"),
    ("regions", "regions kept"),
    ("activities", "activities kept"),
    ("dropped_regions", "regions left out (zero total or no presence)"),
    ("dropped_activities", "activities left out (zero total or no presence)"),
    ("fill", "share of region-activity cells with M = 1"),
    ("lambda2", "second largest eigenvalue of the symmetric similarity matrix (the largest is 1)"),
    ("lambda3", "third largest eigenvalue"),
    ("eigengap", "lambda2 - lambda3: below 0.01 ECI is poorly determined"),
    ("spectral_share", "lambda2 / (trace(S) - 1): share of the non-trivial spectrum carried by ECI"),
    ("nodf", "NODF nestedness 0-100 (Almeida-Neto et al. 2008)"),
    ("nodf_regions", "NODF among regions"),
    ("nodf_activities", "NODF among activities"),
    ("solver", "eigen solver used: dense, lanczos or reflections"),
    ("solver_iterations", "Lanczos steps or reflections (0 for dense)"),
    ("fitness_iterations", "fitness-complexity iterations until the rankings were stable"),
    ("eci_undefined", "why ECI is undefined, empty when it is defined"),
];

/// Columns collected row by row, in first-use order.
#[derive(Default)]
struct Cols {
    order: Vec<String>,
    cols: std::collections::HashMap<String, regio_core::Column>,
}

impl Cols {
    fn col(&mut self, name: &str, make: fn() -> regio_core::Column) -> &mut regio_core::Column {
        if !self.cols.contains_key(name) {
            self.order.push(name.to_string());
            self.cols.insert(name.to_string(), make());
        }
        self.cols.get_mut(name).expect("inserted")
    }
    fn s(&mut self, name: &str, v: &str) {
        if let regio_core::Column::Str(c) = self.col(name, || regio_core::Column::Str(Vec::new())) {
            c.push(Some(v.to_string()));
        }
    }
    fn f(&mut self, name: &str, v: Option<f64>) {
        if let regio_core::Column::F64(c) = self.col(name, || regio_core::Column::F64(Vec::new())) {
            c.push(v.filter(|x| x.is_finite()));
        }
    }
    fn i(&mut self, name: &str, v: i64) {
        if let regio_core::Column::I64(c) = self.col(name, || regio_core::Column::I64(Vec::new())) {
            c.push(Some(v));
        }
    }
    fn y(&mut self, y: Option<i32>) {
        if let Some(y) = y {
            self.i("year", y as i64);
        }
    }
    fn table(mut self, name: &str, docs: &[(&str, &str)]) -> Table {
        let mut t = Table::new(name);
        for n in &self.order {
            let doc = docs
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, d)| *d)
                .unwrap_or("");
            let c = self.cols.remove(n).expect("column");
            t.push(n, doc, c);
        }
        t
    }
}
