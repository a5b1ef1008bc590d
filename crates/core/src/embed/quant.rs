//! Linear layers in integer arithmetic: 8-bit weights, 13-bit activations, 32-bit sums.
//! AVX2's pairwise multiply-add (`vpmaddwd`) does twice the multiply-adds per
//! instruction of `f32` FMA, for vectors within 0.99 cosine of the `f32` ones.
//!
//! Weights are quantised once per output (symmetric, scale = max |w| / 127) and kept
//! as `i16` in panels of [`NR`] outputs, two inputs interleaved, the layout
//! `vpmaddwd` multiplies pairwise. Activations are quantised per row (token) on each
//! call to ±[`ACTIVATION_MAX`] (the `i16` lanes have room for more than 8 bits, and
//! BERT's hidden states have a few large dimensions that would leave the others only a
//! handful of 8-bit steps). Products are summed exactly in `i32`; see
//! [`activation_max`] for why they cannot overflow. The AVX2 kernel and the portable
//! one compute the same integers, so the result does not depend on the CPU.

/// Largest quantised weight.
const WEIGHT_MAX: f32 = 127.0;
/// Largest quantised activation for layers with few inputs.
const ACTIVATION_MAX: i32 = 4095;
/// Outputs per panel: two AVX2 registers of eight `i32` sums.
const NR: usize = 16;
/// Rows per call of the kernel.
const MR: usize = 4;
/// Rows whose quantised activations stay in L2 while every panel passes over them.
const ROW_BLOCK: usize = 64;

/// A linear layer `out = input · weightᵀ + bias` with quantised weights.
pub struct QuantLinear {
    /// Per panel of `NR` outputs, per input pair: `NR` × (w[o][2p], w[o][2p+1]).
    packed: Vec<i16>,
    /// Per output (padded to whole panels with 0): the weight scale.
    scale: Vec<f32>,
    bias: Vec<f32>,
    inputs: usize,
    pub outputs: usize,
}

/// Reusable buffers for the quantised activations of one call.
#[derive(Default)]
pub struct QuantScratch {
    values: Vec<i16>,
    scale: Vec<f32>,
}

impl QuantLinear {
    /// Quantises `weight` (`outputs × inputs`, row-major).
    pub fn new(weight: &[f32], bias: Vec<f32>, inputs: usize, outputs: usize) -> QuantLinear {
        assert_eq!(weight.len(), inputs * outputs);
        let pairs = inputs.div_ceil(2);
        let panels = outputs.div_ceil(NR);
        let mut packed = vec![0i16; panels * pairs * NR * 2];
        let mut scale = vec![0.0f32; panels * NR];
        for o in 0..outputs {
            let row = &weight[o * inputs..(o + 1) * inputs];
            let s = max_abs(row) / WEIGHT_MAX;
            scale[o] = s;
            let (panel, lane) = (o / NR, o % NR);
            for (k, &w) in row.iter().enumerate() {
                let q = if s > 0.0 { round_to_i16(w / s) } else { 0 };
                packed[((panel * pairs + k / 2) * NR + lane) * 2 + k % 2] = q;
            }
        }
        QuantLinear {
            packed,
            scale,
            bias,
            inputs,
            outputs,
        }
    }

    /// `out = input · weightᵀ + bias` for `rows` rows of `inputs` values. Inlined so
    /// that the caller's target features (AVX2) vectorise the quantising loops.
    #[inline(always)]
    pub fn forward(&self, input: &[f32], out: &mut [f32], rows: usize, scratch: &mut QuantScratch) {
        assert!(input.len() >= rows * self.inputs && out.len() >= rows * self.outputs);
        let pairs = self.inputs.div_ceil(2);
        let stride = pairs * 2;
        let act_max = activation_max(stride) as f32;
        // Rows padded to a multiple of MR with zeros, so the kernel always takes MR.
        let padded = rows.div_ceil(MR) * MR;
        if scratch.values.len() < padded * stride {
            scratch.values.resize(padded * stride, 0);
        }
        scratch.scale.resize(padded, 0.0);
        for r in 0..padded {
            let q = &mut scratch.values[r * stride..(r + 1) * stride];
            if r >= rows {
                q.fill(0);
                scratch.scale[r] = 0.0;
                continue;
            }
            let x = &input[r * self.inputs..(r + 1) * self.inputs];
            let s = max_abs(x) / act_max;
            scratch.scale[r] = s;
            let inv = if s > 0.0 { 1.0 / s } else { 0.0 };
            for (q, &v) in q.iter_mut().zip(x) {
                *q = round_to_i16(v * inv);
            }
            q[self.inputs..].fill(0);
        }
        let panels = self.outputs.div_ceil(NR);
        let (values, row_scale) = (&scratch.values, &scratch.scale);
        let kernel = kernel();
        for block in (0..padded).step_by(ROW_BLOCK) {
            for panel in 0..panels {
                let w = &self.packed[panel * pairs * NR * 2..(panel + 1) * pairs * NR * 2];
                for r in (block..(block + ROW_BLOCK).min(padded)).step_by(MR) {
                    let sums = kernel(&values[r * stride..(r + MR) * stride], w, pairs);
                    let o0 = panel * NR;
                    let n = NR.min(self.outputs - o0);
                    let (scale, bias) = (&self.scale[o0..o0 + n], &self.bias[o0..o0 + n]);
                    for (i, row_sums) in sums.iter().enumerate().take(rows.saturating_sub(r)) {
                        let dst = &mut out[(r + i) * self.outputs + o0..][..n];
                        let sa = row_scale[r + i];
                        for (((d, &sum), &sw), &b) in
                            dst.iter_mut().zip(row_sums).zip(scale).zip(bias)
                        {
                            *d = sum as f32 * (sa * sw) + b;
                        }
                    }
                }
            }
        }
    }
}

/// The activation range for `inputs` inputs: a sum of `inputs` products of at most
/// `ACTIVATION_MAX · WEIGHT_MAX` must stay below `i32::MAX` (4095 up to 4,100 inputs;
/// MiniLM's widest layer has 1,536).
fn activation_max(inputs: usize) -> i32 {
    let bound = i64::from(i32::MAX) / (WEIGHT_MAX as i64 * inputs.max(1) as i64);
    bound.min(i64::from(ACTIVATION_MAX)).max(1) as i32
}

/// `v` rounded to the nearest integer (ties to even), for |v| ≤ 2²². Adding 1.5 · 2²³
/// leaves the integer in the low mantissa bits; unlike `round() as i16` (a library
/// call and a saturating conversion) this vectorises.
#[inline(always)]
fn round_to_i16(v: f32) -> i16 {
    const SHIFT: f32 = 12_582_912.0;
    (v + SHIFT).to_bits().wrapping_sub(SHIFT.to_bits()) as i16
}

/// The largest |v|, in eight independent lanes so that the loop vectorises.
#[inline(always)]
fn max_abs(v: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let mut chunks = v.chunks_exact(8);
    for c in &mut chunks {
        for (l, x) in lanes.iter_mut().zip(c) {
            *l = if x.abs() > *l { x.abs() } else { *l };
        }
    }
    let rest = chunks
        .remainder()
        .iter()
        .fold(0.0f32, |m, x| m.max(x.abs()));
    lanes.iter().fold(rest, |m, &x| m.max(x))
}

/// The `MR × NR` integer dot products of `MR` quantised rows (`pairs` pairs each) with
/// one weight panel.
type Kernel = fn(&[i16], &[i16], usize) -> [[i32; NR]; MR];

/// The fastest kernel this CPU runs.
fn kernel() -> Kernel {
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("avx2") {
        return dot_block_avx2;
    }
    dot_block_portable
}

fn dot_block_portable(rows: &[i16], panel: &[i16], pairs: usize) -> [[i32; NR]; MR] {
    let mut sums = [[0i32; NR]; MR];
    let stride = pairs * 2;
    for (i, row_sums) in sums.iter_mut().enumerate() {
        let row = &rows[i * stride..(i + 1) * stride];
        for p in 0..pairs {
            let (a0, a1) = (i32::from(row[2 * p]), i32::from(row[2 * p + 1]));
            let w = &panel[p * NR * 2..(p + 1) * NR * 2];
            for (j, s) in row_sums.iter_mut().enumerate() {
                *s += a0 * i32::from(w[2 * j]) + a1 * i32::from(w[2 * j + 1]);
            }
        }
    }
    sums
}

/// [`dot_block_portable`] with AVX2's pairwise multiply-add (`vpmaddwd`).
#[cfg(target_arch = "x86_64")]
fn dot_block_avx2(rows: &[i16], panel: &[i16], pairs: usize) -> [[i32; NR]; MR] {
    assert!(is_x86_feature_detected!("avx2"));
    assert!(rows.len() >= MR * pairs * 2 && panel.len() >= pairs * NR * 2);
    // SAFETY: the CPU has AVX2 and the slices hold what the loads read (asserted).
    unsafe { dot_block_avx2_unchecked(rows, panel, pairs) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn dot_block_avx2_unchecked(rows: &[i16], panel: &[i16], pairs: usize) -> [[i32; NR]; MR] {
    use std::arch::x86_64::*;
    let stride = pairs * 2;
    let a = rows.as_ptr();
    let w = panel.as_ptr();
    let mut acc = [[_mm256_setzero_si256(); 2]; MR];
    for p in 0..pairs {
        // SAFETY: p < pairs, so the 32 values at w + 32p and the pair at
        // a + i·stride + 2p lie inside the slices (asserted by the caller).
        unsafe {
            let w0 = _mm256_loadu_si256(w.add(p * NR * 2) as *const __m256i);
            let w1 = _mm256_loadu_si256(w.add(p * NR * 2 + 16) as *const __m256i);
            for (i, acc) in acc.iter_mut().enumerate() {
                let pair = (a.add(i * stride + 2 * p) as *const i32).read_unaligned();
                let x = _mm256_set1_epi32(pair);
                acc[0] = _mm256_add_epi32(acc[0], _mm256_madd_epi16(x, w0));
                acc[1] = _mm256_add_epi32(acc[1], _mm256_madd_epi16(x, w1));
            }
        }
    }
    let mut sums = [[0i32; NR]; MR];
    for (s, acc) in sums.iter_mut().zip(&acc) {
        // SAFETY: each row of sums holds 16 i32, two registers' worth.
        unsafe {
            _mm256_storeu_si256(s.as_mut_ptr() as *mut __m256i, acc[0]);
            _mm256_storeu_si256(s.as_mut_ptr().add(8) as *mut __m256i, acc[1]);
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reproducible pseudo-random sequence in -1..1 (a linear congruential generator).
    fn values(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn quantised_product_is_close_to_the_f32_product() {
        // Odd sizes: a row tail, an odd input count and a partial panel.
        let (rows, inputs, outputs) = (7, 45, 21);
        let (x, w) = (values(rows * inputs, 1), values(outputs * inputs, 2));
        let bias = values(outputs, 3);
        let layer = QuantLinear::new(&w, bias.clone(), inputs, outputs);
        let mut out = vec![f32::NAN; rows * outputs];
        layer.forward(&x, &mut out, rows, &mut QuantScratch::default());
        for r in 0..rows {
            for o in 0..outputs {
                let exact: f32 = (0..inputs)
                    .map(|k| x[r * inputs + k] * w[o * inputs + k])
                    .sum::<f32>()
                    + bias[o];
                let got = out[r * outputs + o];
                // Each weight is off by at most half a step of 1/127 of its row's maximum.
                assert!((got - exact).abs() < 0.05, "({r}, {o}): {got} vs {exact}");
            }
        }
    }

    #[test]
    fn the_simd_kernel_computes_the_portable_kernels_integers() {
        let pairs = 37;
        let rows: Vec<i16> = values(MR * pairs * 2, 4)
            .iter()
            .map(|v| (v * 127.0) as i16)
            .collect();
        let panel: Vec<i16> = values(pairs * NR * 2, 5)
            .iter()
            .map(|v| (v * 127.0) as i16)
            .collect();
        assert_eq!(
            kernel()(&rows, &panel, pairs),
            dot_block_portable(&rows, &panel, pairs)
        );
    }

    #[test]
    fn rounding_goes_to_the_nearest_integer_and_ties_to_even() {
        for (v, want) in [
            (0.4, 0),
            (0.5, 0),
            (1.5, 2),
            (-1.5, -2),
            (-0.6, -1),
            (126.7, 127),
        ] {
            assert_eq!(round_to_i16(v), want, "{v}");
        }
        for k in -1270..=1270 {
            let v = k as f32 / 10.0;
            assert_eq!(i32::from(round_to_i16(v)), v.round_ties_even() as i32);
        }
    }

    #[test]
    fn sums_cannot_overflow() {
        for inputs in [1, 384, 1536, 4096, 10_000, 1 << 20] {
            let worst = i64::from(activation_max(inputs)) * 127 * inputs as i64;
            assert!(worst <= i64::from(i32::MAX), "{inputs}");
        }
        assert_eq!(activation_max(1536), ACTIVATION_MAX);
    }

    #[test]
    fn zero_rows_and_weights_give_the_bias() {
        let layer = QuantLinear::new(&[0.0; 6], vec![1.0, 2.0], 3, 2);
        let mut out = [0.0; 2];
        layer.forward(&[0.0; 3], &mut out, 1, &mut QuantScratch::default());
        assert_eq!(out, [1.0, 2.0]);
    }
}
