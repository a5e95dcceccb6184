//! Diversification growth paths: the sequence of k activities to add that
//! maximises cumulative complexity (PCI) or complexity outlook gain (COG),
//! each step respecting a relatedness-density floor, with density (and COG)
//! recomputed after every addition — the "principle of relatedness"
//! (Hidalgo et al. 2018) turned into a path in the spirit of the Atlas
//! "strategic bets" (Hausmann et al. 2014) and Balland et al. (2019). Search:
//! beam search (width w; Lowerre 1976) with greedy (w = 1) as the baseline.

use super::{cog_weights, Capabilities};
use regio_core::{Column, Error, Result, Table};
use std::collections::HashSet;

/// What a path maximises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Sum of the PCI of the added activities (default).
    #[default]
    Complexity,
    /// Sum of each added activity's COG at the moment it is added.
    Cog,
}

impl Objective {
    /// Name for tables.
    pub fn name(&self) -> &'static str {
        match self {
            Objective::Complexity => "complexity",
            Objective::Cog => "cog",
        }
    }
}

/// Options of the path search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathOptions {
    /// Number of activities to add (k).
    pub length: usize,
    /// Beam width (1 = greedy).
    pub beam_width: usize,
    /// Density floor (0-1); `None` = the median density of the unit's candidates at the start.
    pub density_floor: Option<f64>,
    /// What to maximise.
    pub objective: Objective,
    /// Related held activities listed per step.
    pub related: usize,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            length: 5,
            beam_width: 5,
            density_floor: None,
            objective: Objective::Complexity,
            related: 3,
        }
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Activity index added.
    pub industry: usize,
    /// Its density just before it was added.
    pub density: f64,
    /// Its PCI.
    pub pci: f64,
    /// Its COG just before it was added.
    pub cog: f64,
    /// The objective gained by the step.
    pub gain: f64,
    /// Cumulative objective after the step.
    pub cumulative: f64,
    /// Held activities (including earlier steps) closest to it, with φ.
    pub related: Vec<(usize, f64)>,
    /// Activities whose density crossed the floor because of this step.
    pub unlocked: Vec<usize>,
}

/// A growth path of one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthPath {
    /// Unit index.
    pub unit: usize,
    /// The density floor used.
    pub floor: f64,
    /// Beam width used (1 = greedy).
    pub beam_width: usize,
    /// Objective.
    pub objective: Objective,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Why the path is shorter than asked, if it is.
    pub stopped: Option<String>,
}

impl GrowthPath {
    /// Total objective.
    pub fn total(&self) -> f64 {
        self.steps.last().map_or(0.0, |s| s.cumulative)
    }
}

#[derive(Clone)]
struct State {
    added: Vec<usize>,
    m: Vec<f64>,
    density: Vec<f64>,
    /// `Σ_q w_q φ_qp` (COG before the (1 − M_p) mask).
    cog: Vec<f64>,
    w: Vec<f64>,
    score: f64,
    gains: Vec<(f64, f64, f64)>,
}

impl State {
    fn add(&self, c: &Capabilities, p: usize, gain: f64, with_cog: bool) -> State {
        let mut s = self.clone();
        let np = c.industries.len();
        s.gains.push((self.density[p], self.cog_of(p), gain));
        s.added.push(p);
        s.m[p] = 1.0;
        s.score += gain;
        if c.symmetric {
            // phi_qp = phi_pq: read row p contiguously.
            for ((d, f), rs) in s
                .density
                .iter_mut()
                .zip(c.proximity.row(p))
                .zip(&c.prox_rowsum)
            {
                if *rs > 0.0 {
                    *d += f / rs;
                }
            }
        } else {
            for q in 0..np {
                if c.prox_rowsum[q] > 0.0 {
                    s.density[q] += c.proximity.get(q, p) / c.prox_rowsum[q];
                }
            }
        }
        if with_cog {
            let wp = s.w[p];
            if wp != 0.0 {
                for (g, f) in s.cog.iter_mut().zip(c.proximity.row(p)) {
                    *g -= wp * f;
                }
            }
            s.w[p] = 0.0;
        }
        s
    }

    fn cog_of(&self, p: usize) -> f64 {
        if self.m[p] >= 1.0 || self.cog.is_empty() {
            0.0
        } else {
            self.cog[p]
        }
    }
}

/// Searches the best path of `opts.length` additions for `unit` (beam
/// search; `beam_width = 1` is greedy). A candidate is an activity with
/// M = 0 and current density ≥ the floor; ties break by activity order, so
/// results are deterministic.
pub fn growth_path(c: &Capabilities, unit: usize, opts: &PathOptions) -> Result<GrowthPath> {
    if unit >= c.units.len() {
        return Err(Error::invalid(format!("unit index {unit} out of range")));
    }
    if opts.beam_width == 0 {
        return Err(Error::InvalidValue {
            value: "0".into(),
            expected: "a beam width of at least 1".into(),
            context: None,
        });
    }
    let np = c.industries.len();
    let m0 = c.m.row(unit).to_vec();
    let d0 = c.density.row(unit).to_vec();
    let floor = match opts.density_floor {
        Some(f) if f.is_finite() => f,
        Some(f) => {
            return Err(Error::InvalidValue {
                value: f.to_string(),
                expected: "a finite density floor".into(),
                context: None,
            })
        }
        None => {
            let cd: Vec<f64> = (0..np).filter(|&p| m0[p] < 1.0).map(|p| d0[p]).collect();
            super::smart_spec::Threshold::Median.of(&cd)
        }
    };
    let with_cog = opts.objective == Objective::Cog;
    let (cog, w) = if with_cog {
        let w = cog_weights(&m0, &c.kp, &c.prox_rowsum, c.sd_kc);
        let mut g = vec![0.0; np];
        for (q, wq) in w.iter().enumerate() {
            if *wq != 0.0 {
                for (gp, f) in g.iter_mut().zip(c.proximity.row(q)) {
                    *gp += wq * f;
                }
            }
        }
        (g, w)
    } else {
        (vec![], vec![])
    };
    let mut beam = vec![State {
        added: vec![],
        m: m0,
        density: d0,
        cog,
        w,
        score: 0.0,
        gains: vec![],
    }];
    let mut stopped = None;
    for step in 0..opts.length {
        // (score, parent, activity)
        let mut children: Vec<(f64, usize, usize)> = Vec::with_capacity(beam.len() * np);
        for (si, s) in beam.iter().enumerate() {
            for p in 0..np {
                if s.m[p] < 1.0 && s.density[p] >= floor {
                    let gain = match opts.objective {
                        Objective::Complexity => c.pci[p],
                        Objective::Cog => s.cog_of(p),
                    };
                    children.push((s.score + gain, si, p));
                }
            }
        }
        if children.is_empty() {
            stopped = Some(format!(
                "after {step} step(s) no activity outside the unit's specialisations has density >= {floor:.4}"
            ));
            break;
        }
        let order = |a: &(f64, usize, usize), b: &(f64, usize, usize)| {
            b.0.total_cmp(&a.0)
                .then_with(|| beam[a.1].added.cmp(&beam[b.1].added))
                .then(a.2.cmp(&b.2))
        };
        // A key (set of additions) arises from at most one child per beam
        // state, so the best `w` distinct keys lie among the first
        // w x (beam size + 1) children of the total order: select those,
        // then sort only them.
        let keep = opts.beam_width.saturating_mul(beam.len() + 1);
        if children.len() > keep {
            children.select_nth_unstable_by(keep - 1, order);
            children.truncate(keep);
        }
        children.sort_by(order);
        let mut seen: HashSet<Vec<usize>> = HashSet::new();
        let mut next = Vec::with_capacity(opts.beam_width);
        for &(score, si, p) in &children {
            if next.len() == opts.beam_width {
                break;
            }
            let mut key = beam[si].added.clone();
            key.push(p);
            if opts.objective == Objective::Complexity {
                key.sort_unstable();
            }
            if !seen.insert(key) {
                continue;
            }
            let gain = score - beam[si].score;
            next.push(beam[si].add(c, p, gain, with_cog));
        }
        beam = next;
    }
    let best = &beam[0];
    let mut steps = Vec::with_capacity(best.added.len());
    // Replay the best path to collect evidence per step.
    let mut held = c.m.row(unit).to_vec();
    let mut dens = c.density.row(unit).to_vec();
    let mut cum = 0.0;
    for (k, &p) in best.added.iter().enumerate() {
        let (d, g, gain) = best.gains[k];
        cum += gain;
        let related = super::top_related(c.proximity.row(p), &held, p, opts.related);
        held[p] = 1.0;
        let mut unlocked = vec![];
        for q in 0..np {
            if c.prox_rowsum[q] > 0.0 {
                let before = dens[q];
                dens[q] += c.proximity.get(q, p) / c.prox_rowsum[q];
                if held[q] < 1.0 && before < floor && dens[q] >= floor {
                    unlocked.push(q);
                }
            }
        }
        steps.push(Step {
            industry: p,
            density: d,
            pci: c.pci[p],
            cog: g,
            gain,
            cumulative: cum,
            related,
            unlocked,
        });
    }
    Ok(GrowthPath {
        unit,
        floor,
        beam_width: opts.beam_width,
        objective: opts.objective,
        steps,
        stopped,
    })
}

/// Paths as a table: one row per (unit, method, step) with the evidence and
/// a plain-language reason.
pub fn paths_table(c: &Capabilities, paths: &[GrowthPath]) -> Table {
    let mut unit = vec![];
    let mut method = vec![];
    let mut step = vec![];
    let mut ind = vec![];
    let mut dens = vec![];
    let mut floor = vec![];
    let mut pci = vec![];
    let mut cog = vec![];
    let mut gain = vec![];
    let mut cum = vec![];
    let mut rel = vec![];
    let mut unl = vec![];
    let mut reason = vec![];
    for p in paths {
        let mname = if p.beam_width == 1 {
            "greedy".to_string()
        } else {
            format!("beam(width={})", p.beam_width)
        };
        for (k, s) in p.steps.iter().enumerate() {
            unit.push(c.units[p.unit].clone());
            method.push(mname.clone());
            step.push(k as i64 + 1);
            ind.push(c.industries[s.industry].clone());
            dens.push(s.density);
            floor.push(p.floor);
            pci.push(s.pci);
            cog.push(s.cog);
            gain.push(s.gain);
            cum.push(s.cumulative);
            let related = c.format_related(&s.related);
            let unlocked: Vec<&str> = s
                .unlocked
                .iter()
                .map(|&q| c.industries[q].as_str())
                .collect();
            reason.push(format!(
                "density {:.3} >= floor {:.3}{}; adds {} {:.3} (cumulative {:.3}){}",
                s.density,
                p.floor,
                if related.is_empty() {
                    String::new()
                } else {
                    format!(" through {related}")
                },
                p.objective.name(),
                s.gain,
                s.cumulative,
                if unlocked.is_empty() {
                    String::new()
                } else {
                    format!("; brings {} within reach", unlocked.join(", "))
                }
            ));
            rel.push(related);
            unl.push(unlocked.join(", "));
        }
        if let Some(why) = &p.stopped {
            unit.push(c.units[p.unit].clone());
            method.push(mname.clone());
            step.push(p.steps.len() as i64 + 1);
            ind.push(String::new());
            dens.push(f64::NAN);
            floor.push(p.floor);
            pci.push(f64::NAN);
            cog.push(f64::NAN);
            gain.push(f64::NAN);
            cum.push(p.total());
            rel.push(String::new());
            unl.push(String::new());
            reason.push(format!("path stops: {why}"));
        }
    }
    let mut t = Table::new("growth_paths");
    t.push_str("unit", "region or super-region", unit)
        .push_str("method", "search: beam(width=w) or greedy (width 1)", method)
        .push("step", "position in the path (1 = first addition)", Column::I64(step.into_iter().map(Some).collect()))
        .push_str("industry", "activity added (empty when the path stops early)", ind)
        .push_f64("density", "relatedness density (0-1) of the activity just before it is added, given the earlier steps", dens)
        .push_f64("density_floor", "minimum density required at every step", floor)
        .push_f64("pci", "product (activity) complexity index", pci)
        .push_f64("cog", "complexity outlook gain just before the addition (Hausmann et al. 2014)", cog)
        .push_f64("gain", "objective gained by the step (PCI or COG)", gain)
        .push_f64("cumulative", "cumulative objective", cum)
        .push_str("related_held", "held activities (incl. earlier steps) closest in proximity, with phi", rel)
        .push_str("unlocked", "activities whose density crosses the floor thanks to this step", unl)
        .push_str("reason", "why this step", reason);
    t
}

/// Paths for every unit, one per beam width in `widths` (e.g. `[5, 1]` for
/// beam and the greedy baseline), computed in parallel over units; the
/// result is ordered by unit then width, independent of the thread count.
pub fn all_paths(
    c: &Capabilities,
    widths: &[usize],
    opts: &PathOptions,
) -> Result<Vec<GrowthPath>> {
    use rayon::prelude::*;
    let per_unit: Vec<Result<Vec<GrowthPath>>> = (0..c.units.len())
        .into_par_iter()
        .map(|u| {
            widths
                .iter()
                .map(|&w| {
                    growth_path(
                        c,
                        u,
                        &PathOptions {
                            beam_width: w,
                            ..*opts
                        },
                    )
                })
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for r in per_unit {
        out.extend(r?);
    }
    Ok(out)
}
