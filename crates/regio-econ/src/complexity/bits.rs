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
}
