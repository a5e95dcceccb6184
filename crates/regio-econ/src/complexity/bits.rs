//! Bit-packed columns (or rows) of the binary presence matrix M: exact
//! co-occurrence counts `C = Mᵀ M` by AND + popcount, 64 cells per word.

use regio_core::Matrix;

/// Each column of a binary matrix as a bitset over its rows.
pub(crate) struct BitColumns {
    words: usize,
    n: usize,
    data: Vec<u64>,
}

impl BitColumns {
    /// Columns of `m` (present = value > 0.5).
    pub fn from_presence(m: &Matrix) -> Self {
        let (nr, nc) = (m.nrows(), m.ncols());
        let words = nr.div_ceil(64).max(1);
        let mut data = vec![0u64; words * nc];
        for i in 0..nr {
            let (w, b) = (i / 64, i % 64);
            for (j, &v) in m.row(i).iter().enumerate() {
                if v > 0.5 {
                    data[j * words + w] |= 1u64 << b;
                }
            }
        }
        BitColumns { words, n: nc, data }
    }

    /// Rows of `m` as bitsets over columns (the columns of `mᵀ`).
    pub fn rows_of(m: &Matrix) -> Self {
        let (nr, nc) = (m.nrows(), m.ncols());
        let words = nc.div_ceil(64).max(1);
        let mut data = vec![0u64; words * nr];
        for i in 0..nr {
            let row = &mut data[i * words..(i + 1) * words];
            for (j, &v) in m.row(i).iter().enumerate() {
                if v > 0.5 {
                    row[j / 64] |= 1u64 << (j % 64);
                }
            }
        }
        BitColumns { words, n: nr, data }
    }

    /// `common(a, q)` for every bitset q, into `out`.
    pub fn common_row(&self, a: usize, out: &mut [u32]) {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("popcnt") {
                // SAFETY: the CPU supports POPCNT (checked just above).
                unsafe { self.common_row_popcnt(a, out) };
                return;
            }
        }
        self.common_row_generic(a, out);
    }

    #[inline(always)]
    fn common_row_generic(&self, a: usize, out: &mut [u32]) {
        let w = self.words;
        let x = &self.data[a * w..(a + 1) * w];
        for (q, o) in out.iter_mut().enumerate() {
            let y = &self.data[q * w..(q + 1) * w];
            *o = x.iter().zip(y).map(|(p, q)| (p & q).count_ones()).sum();
        }
    }

    /// The same loop compiled with the POPCNT instruction (the x86-64 baseline lacks it).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    unsafe fn common_row_popcnt(&self, a: usize, out: &mut [u32]) {
        self.common_row_generic(a, out);
    }

    /// Number of bitsets.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Number of positions where both bitsets `a` and `b` are set.
    #[inline]
    pub fn common(&self, a: usize, b: usize) -> u32 {
        let x = &self.data[a * self.words..(a + 1) * self.words];
        let y = &self.data[b * self.words..(b + 1) * self.words];
        x.iter().zip(y).map(|(p, q)| (p & q).count_ones()).sum()
    }

    /// For each bitset, the sum of `x` over its set positions (`Mᵀ x` for the
    /// columns of M, `M x` for its rows); each sum in position order, in parallel.
    pub fn sum_over(&self, x: &[f64]) -> Vec<f64> {
        use rayon::prelude::*;
        (0..self.n)
            .into_par_iter()
            .map(|a| {
                let mut s = 0.0;
                for (wi, &word) in self.data[a * self.words..(a + 1) * self.words]
                    .iter()
                    .enumerate()
                {
                    let mut w = word;
                    while w != 0 {
                        let t = w.trailing_zeros() as usize;
                        s += x[wi * 64 + t];
                        w &= w - 1;
                    }
                }
                s
            })
            .collect()
    }
}
