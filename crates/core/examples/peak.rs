//! This core's float64 peak, the rate the matrix kernel is measured against: twelve independent
//! chains of AVX2 fused multiply-adds on four numbers each, as many as the kernel's tile keeps in
//! registers, with no memory read. Prints the fastest of ROUNDS (default 10) runs of 10⁸ steps, in
//! GFLOP/s (a fused multiply-add of four numbers is 8), on one thread.
//!
//! Usage: cargo run --release -p nettrace-core --example peak [ROUNDS]

fn main() {
    let rounds = std::env::args().nth(1).map_or(10, |r| r.parse().expect("ROUNDS: a number"));
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        const STEPS: u64 = 100_000_000;
        let seconds = (0..rounds)
            .map(|_| {
                let start = std::time::Instant::now();
                // SAFETY: the processor has AVX2 and FMA.
                std::hint::black_box(unsafe { avx2::chains(std::hint::black_box(STEPS)) });
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        let flop = (STEPS * avx2::CHAINS * 8) as f64;
        println!("float64 fused multiply-adds, AVX2, one thread: {:.1} GFLOP/s", flop / seconds / 1e9);
        return;
    }
    let _ = rounds;
    println!("this processor has no AVX2 and FMA, which the kernel measured here needs");
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    /// Independent chains: each waits four cycles for its last result, and the core starts two
    /// a cycle, so twelve keep both of its units busy.
    pub const CHAINS: u64 = 12;

    /// `steps` fused multiply-adds on each chain; their sum, so that none is left out.
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn chains(steps: u64) -> f64 {
        // x ← 0.999999·x + 1e-9 tends to 1e-3: no number grows, none becomes subnormal. The
        // numbers are hidden from the compiler, which would otherwise work out a chain that
        // starts at 1e-3 (where it stays) and leave it out.
        let hidden = |x: f64| _mm256_set1_pd(std::hint::black_box(x));
        let (a, b) = (hidden(0.999_999), hidden(1e-9));
        let mut acc: [__m256d; CHAINS as usize] = std::array::from_fn(|i| hidden(i as f64 * 1e-3));
        for _ in 0..steps {
            for x in &mut acc {
                *x = _mm256_fmadd_pd(*x, a, b);
            }
        }
        let mut sum = [0.0; 4];
        for x in acc {
            // SAFETY: four numbers.
            unsafe { _mm256_storeu_pd(sum.as_mut_ptr(), _mm256_add_pd(_mm256_loadu_pd(sum.as_ptr()), x)) };
        }
        sum.iter().sum()
    }
}
