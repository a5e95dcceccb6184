//! The synthetic input shared by the complexity and strategy benches.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regio_core::Matrix;

/// Synthetic nested regions x activities matrix (seeded ChaCha8; not real
/// data): capability c_r ~ U(0,1), difficulty d_p ~ U(0,1), presence with
/// probability sigmoid(8 (c_r - d_p) - 1) + 0.02, value size_r size_p
/// LogNormal(0,1) x 1000.
pub fn synthetic(nr: usize, np: usize, seed: u64) -> Matrix {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let lognormal = |rng: &mut ChaCha8Rng| {
        // Box-Muller standard normal, then exp.
        let (u1, u2): (f64, f64) = (rng.random::<f64>().max(1e-300), rng.random());
        ((-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()).exp()
    };
    let cap: Vec<f64> = (0..nr).map(|_| rng.random()).collect();
    let diff: Vec<f64> = (0..np).map(|_| rng.random()).collect();
    let size_r: Vec<f64> = (0..nr).map(|_| lognormal(&mut rng)).collect();
    let size_p: Vec<f64> = (0..np).map(|_| lognormal(&mut rng)).collect();
    let mut x = Matrix::zeros(nr, np);
    for i in 0..nr {
        for j in 0..np {
            let p = 1.0 / (1.0 + (-(8.0 * (cap[i] - diff[j]) - 1.0)).exp()) + 0.02;
            if rng.random::<f64>() < p {
                x.set(i, j, size_r[i] * size_p[j] * lognormal(&mut rng) * 1000.0);
            }
        }
    }
    x
}
