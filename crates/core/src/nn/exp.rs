//! eˣ of many numbers at once, with the bits of libm's `exp` (FreeBSD's), which every machine and
//! WebAssembly compute alike: softmax and cross-entropy take it of every logit. With AVX2, four
//! numbers at a time by the same operations in the same order (no fused multiply-add), so the
//! bits are libm's; a vector with a number outside libm's main path is left to libm.

/// Each x ← eˣ, with the bits of `libm::exp`.
pub fn exp_in_place(xs: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2.
        return unsafe { avx2::exp_in_place(xs) };
    }
    xs.iter_mut().for_each(|x| *x = libm::exp(*x));
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    // libm's constants (src/math/exp.rs), by the bits its comments give.
    const LN2HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const INVLN2: f64 = f64::from_bits(0x3ff7_1547_652b_82fe);
    const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e);
    const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93);
    const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c);
    const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1);
    const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0);

    /// # Safety
    /// The processor has AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn exp_in_place(xs: &mut [f64]) {
        let mut fours = xs.chunks_exact_mut(4);
        for four in fours.by_ref() {
            // SAFETY: four numbers of the slice.
            let x = unsafe { _mm256_loadu_pd(four.as_ptr()) };
            match exp4(x) {
                // SAFETY: as above.
                Some(y) => unsafe { _mm256_storeu_pd(four.as_mut_ptr(), y) },
                None => four.iter_mut().for_each(|x| *x = libm::exp(*x)),
            }
        }
        fours.into_remainder().iter_mut().for_each(|x| *x = libm::exp(*x));
    }

    /// eˣ of four numbers as libm computes those whose high word of |x| lies below 0x4086232b
    /// (|x| < 708.39): 1 + x for |x| ≤ 2⁻²⁸; else k = (int)(x/ln 2 ± ½), or 0 for |x| ≤ ½ ln 2,
    /// which makes the same k as libm's 1 − 2·sign for |x| < 1.5 ln 2, and scalbn(y, k) is y·2ᵏ
    /// (k ≥ −1022). None when a number lies outside.
    #[target_feature(enable = "avx2")]
    fn exp4(x: __m256d) -> Option<__m256d> {
        let high =
            _mm256_and_si256(_mm256_srli_epi64(_mm256_castpd_si256(x), 32), _mm256_set1_epi64x(0x7fff_ffff));
        let big = _mm256_cmpgt_epi64(high, _mm256_set1_epi64x(0x4086_232a));
        if _mm256_movemask_pd(_mm256_castsi256_pd(big)) != 0 {
            return None;
        }
        // Where |x| ≤ 2⁻²⁸ (such as a row's largest logit less itself), libm returns 1 + x.
        let tiny = _mm256_castsi256_pd(_mm256_cmpgt_epi64(_mm256_set1_epi64x(0x3e30_0001), high));
        let reduced = _mm256_cmpgt_epi64(high, _mm256_set1_epi64x(0x3fd6_2e42));
        // ½ with the sign of x.
        let half = _mm256_or_pd(_mm256_set1_pd(0.5), _mm256_and_pd(x, _mm256_set1_pd(-0.0)));
        let k32 = _mm256_cvttpd_epi32(_mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(INVLN2), x), half));
        let k = _mm256_and_si256(_mm256_cvtepi32_epi64(k32), reduced);
        let kd = _mm256_and_pd(_mm256_cvtepi32_pd(k32), _mm256_castsi256_pd(reduced));
        let hi = _mm256_sub_pd(x, _mm256_mul_pd(kd, _mm256_set1_pd(LN2HI)));
        let lo = _mm256_mul_pd(kd, _mm256_set1_pd(LN2LO));
        let r = _mm256_sub_pd(hi, lo);
        let rr = _mm256_mul_pd(r, r);
        let term = |p: f64, rest: __m256d| _mm256_add_pd(_mm256_set1_pd(p), _mm256_mul_pd(rr, rest));
        let poly = term(P1, term(P2, term(P3, term(P4, _mm256_set1_pd(P5)))));
        let c = _mm256_sub_pd(r, _mm256_mul_pd(rr, poly));
        let quotient = _mm256_div_pd(_mm256_mul_pd(r, c), _mm256_sub_pd(_mm256_set1_pd(2.0), c));
        let y = _mm256_add_pd(_mm256_set1_pd(1.0), _mm256_add_pd(_mm256_sub_pd(quotient, lo), hi));
        let scale = _mm256_slli_epi64(_mm256_add_epi64(k, _mm256_set1_epi64x(1023)), 52);
        let main = _mm256_mul_pd(y, _mm256_castsi256_pd(scale));
        Some(_mm256_blendv_pd(main, _mm256_add_pd(_mm256_set1_pd(1.0), x), tiny))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::init::Draws;

    #[test]
    fn every_number_gets_libms_bits() {
        // Each range of libm's: tiny (|x| ≤ 2⁻²⁸), up to ½ ln 2, to 1.5 ln 2, the main range, the
        // ends where the result is subnormal or overflows, and the numbers at each border, four
        // of each, so that those libm's main path takes are taken four at a time.
        let mut xs: Vec<f64> = Draws::new(5).normal_matrix(40_000, 1).iter().map(|z| z * 200.0).collect();
        for scale in [1e-9, 0.2, 0.5, 1.0, 3.0, 300.0, 720.0, 760.0] {
            xs.extend(Draws::new(6).normal_matrix(400, 1).iter().map(|z| z * scale));
        }
        for high in [0x3e30_0000u64, 0x3fd6_2e42, 0x3ff0_a2b2, 0x4086_232b] {
            for low in [0, 1, 0xffff_ffff] {
                for h in [high - 1, high, high + 1] {
                    let x = f64::from_bits(h << 32 | low);
                    xs.extend([x, x, x, x, -x, -x, -x, -x]);
                }
            }
        }
        xs.extend([0.0, 0.0, -0.0, -0.0, 709.78, -745.1, -745.2, f64::INFINITY, f64::NEG_INFINITY, f64::NAN]);
        let mut ys = xs.clone();
        exp_in_place(&mut ys);
        for (x, y) in xs.iter().zip(&ys) {
            assert_eq!(y.to_bits(), libm::exp(*x).to_bits(), "e^{x:e}");
        }
    }
}
