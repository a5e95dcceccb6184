//! Fitness and complexity (Tacchella, Cristelli, Caldarelli, Gabrielli &
//! Pietronero 2012), with the extremality parameter γ of Mariani, Vidmer,
//! Medo & Zhang (2015):
//!
//! `F~_c = sum_p M_cp Q_p`, `Q~_p = (sum_c M_cp F_c^-γ)^(-1/γ)`, each
//! normalised to mean 1 after every step (γ = 1 is Tacchella et al.'s map,
//! `Q~_p = 1 / sum_c M_cp / F_c`). The map does not converge to a fixed point
//! in general (some values decay towards 0), so iteration stops when the
//! rankings of regions and activities have not changed for a number of steps.

use regio_core::{Error, Matrix, Result};

/// Options of the fitness-complexity iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitnessOptions {
    /// Extremality γ > 0 (1 = Tacchella et al. 2012).
    pub gamma: f64,
    /// Stop once both rankings are unchanged for this many consecutive steps.
    pub stable_for: usize,
    /// Hard limit on the number of steps.
    pub max_iterations: usize,
}

impl Default for FitnessOptions {
    fn default() -> Self {
        FitnessOptions {
            gamma: 1.0,
            stable_for: 20,
            max_iterations: 1000,
        }
    }
}

/// Fitness of regions and complexity of activities.
#[derive(Debug, Clone, PartialEq)]
pub struct FitnessResult {
    /// Fitness per region (mean 1).
    pub fitness: Vec<f64>,
    /// Complexity per activity (mean 1).
    pub complexity: Vec<f64>,
    /// Steps performed.
    pub iterations: usize,
    /// True when the rankings were stable for `stable_for` steps (or a fixed point was reached).
    pub converged: bool,
}

fn ranking(v: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[b].total_cmp(&v[a]).then(a.cmp(&b)));
    idx
}

fn normalise(v: &mut [f64]) {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    if m > 0.0 {
        v.iter_mut().for_each(|x| *x /= m);
    }
}

/// Runs the fitness-complexity map on a presence matrix without empty rows or columns.
pub fn fitness(m: &Matrix, opts: &FitnessOptions) -> Result<FitnessResult> {
    if !(opts.gamma.is_finite() && opts.gamma > 0.0) {
        return Err(Error::InvalidValue {
            value: opts.gamma.to_string(),
            expected: "a positive extremality parameter gamma".into(),
            context: Some("fitness-complexity".into()),
        });
    }
    let (nr, np) = (m.nrows(), m.ncols());
    let g = opts.gamma;
    let mut f = vec![1.0; nr];
    let mut q = vec![1.0; np];
    let (mut rf, mut rq) = (ranking(&f), ranking(&q));
    let mut stable = 0;
    let mut iterations = 0;
    let mut converged = false;
    while iterations < opts.max_iterations {
        iterations += 1;
        // F~_c = sum_p M_cp Q_p (previous Q).
        let mut nf: Vec<f64> = (0..nr)
            .map(|c| m.row(c).iter().zip(&q).map(|(a, b)| a * b).sum())
            .collect();
        // Q~_p = (sum_c M_cp F_c^-γ)^(-1/γ) (previous F).
        let mut acc = vec![0.0; np];
        for (c, &fc) in f.iter().enumerate() {
            let w = if g == 1.0 { 1.0 / fc } else { fc.powf(-g) };
            for (a, &mv) in acc.iter_mut().zip(m.row(c)) {
                *a += mv * w;
            }
        }
        let mut nq: Vec<f64> = acc
            .iter()
            .map(|&s| if g == 1.0 { 1.0 / s } else { s.powf(-1.0 / g) })
            .collect();
        normalise(&mut nf);
        normalise(&mut nq);
        if nf.iter().chain(&nq).any(|x| !x.is_finite() || *x <= 0.0) {
            // Values reached the floating-point floor: keep the last positive state.
            break;
        }
        let change = nf
            .iter()
            .zip(&f)
            .chain(nq.iter().zip(&q))
            .map(|(a, b)| (a - b).abs() / b.max(1e-300))
            .fold(0.0, f64::max);
        let (nrf, nrq) = (ranking(&nf), ranking(&nq));
        if nrf == rf && nrq == rq {
            stable += 1;
        } else {
            stable = 0;
        }
        f = nf;
        q = nq;
        rf = nrf;
        rq = nrq;
        if stable >= opts.stable_for || change < 1e-14 {
            converged = true;
            break;
        }
    }
    Ok(FitnessResult {
        fitness: f,
        complexity: q,
        iterations,
        converged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_two_by_two_by_hand() {
        // M = [[1,1],[1,0]]: region 0 makes both products, region 1 only product 0.
        // Step 1 from F = Q = 1: F~ = (2, 1) -> mean 1.5 -> F = (4/3, 2/3);
        // Q~_0 = 1/(1/1 + 1/1) = 1/2, Q~_1 = 1/(1/1) = 1 -> mean 3/4 -> Q = (2/3, 4/3).
        let m = Matrix::from_rows(&[vec![1.0, 1.0], vec![1.0, 0.0]]).unwrap();
        let one = fitness(
            &m,
            &FitnessOptions {
                max_iterations: 1,
                ..Default::default()
            },
        )
        .unwrap();
        assert!((one.fitness[0] - 4.0 / 3.0).abs() < 1e-15);
        assert!((one.fitness[1] - 2.0 / 3.0).abs() < 1e-15);
        assert!((one.complexity[0] - 2.0 / 3.0).abs() < 1e-15);
        assert!((one.complexity[1] - 4.0 / 3.0).abs() < 1e-15);
        let full = fitness(&m, &FitnessOptions::default()).unwrap();
        assert!(full.converged);
        assert!(full.fitness[0] > full.fitness[1]);
        assert!(full.complexity[1] > full.complexity[0]);
        assert!(fitness(
            &m,
            &FitnessOptions {
                gamma: 0.0,
                ..Default::default()
            }
        )
        .is_err());
    }
}
