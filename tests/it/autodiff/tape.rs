//! The scalar reverse-mode autodiff the reference is computed with: micrograd's design, a tape of
//! nodes, each with its value and its local derivatives.

/// A scalar computation graph: each node keeps its value and its local derivatives.
#[derive(Default)]
pub struct Tape {
    value: Vec<f64>,
    parents: Vec<Vec<(usize, f64)>>,
}

impl Tape {
    pub fn push(&mut self, value: f64, parents: Vec<(usize, f64)>) -> usize {
        self.value.push(value);
        self.parents.push(parents);
        self.value.len() - 1
    }
    pub fn leaf(&mut self, v: f64) -> usize {
        self.push(v, vec![])
    }
    pub fn v(&self, i: usize) -> f64 {
        self.value[i]
    }
    pub fn add(&mut self, a: usize, b: usize) -> usize {
        self.push(self.v(a) + self.v(b), vec![(a, 1.0), (b, 1.0)])
    }
    pub fn sub(&mut self, a: usize, b: usize) -> usize {
        self.push(self.v(a) - self.v(b), vec![(a, 1.0), (b, -1.0)])
    }
    pub fn mul(&mut self, a: usize, b: usize) -> usize {
        self.push(self.v(a) * self.v(b), vec![(a, self.v(b)), (b, self.v(a))])
    }
    pub fn div(&mut self, a: usize, b: usize) -> usize {
        let (x, y) = (self.v(a), self.v(b));
        self.push(x / y, vec![(a, 1.0 / y), (b, -x / (y * y))])
    }
    pub fn scale(&mut self, a: usize, c: f64) -> usize {
        self.push(c * self.v(a), vec![(a, c)])
    }
    pub fn shift(&mut self, a: usize, c: f64) -> usize {
        self.push(self.v(a) + c, vec![(a, 1.0)])
    }
    pub fn exp(&mut self, a: usize) -> usize {
        let e = self.v(a).exp();
        self.push(e, vec![(a, e)])
    }
    pub fn ln(&mut self, a: usize) -> usize {
        self.push(self.v(a).ln(), vec![(a, 1.0 / self.v(a))])
    }
    pub fn tanh(&mut self, a: usize) -> usize {
        let t = self.v(a).tanh();
        self.push(t, vec![(a, 1.0 - t * t)])
    }
    /// max(a, c) for a constant c: derivative 1 where a > c, else 0 (ReLU, the log clamp).
    pub fn max_const(&mut self, a: usize, c: f64) -> usize {
        let x = self.v(a);
        if x > c { self.push(x, vec![(a, 1.0)]) } else { self.push(c, vec![(a, 0.0)]) }
    }
    pub fn sum(&mut self, items: &[usize]) -> usize {
        let mut acc = items[0];
        for &i in &items[1..] {
            acc = self.add(acc, i);
        }
        acc
    }
    /// ∂out/∂node for every node.
    pub fn backward(&self, out: usize) -> Vec<f64> {
        let mut g = vec![0.0; self.value.len()];
        g[out] = 1.0;
        for i in (0..=out).rev() {
            for &(p, d) in &self.parents[i] {
                g[p] += g[i] * d;
            }
        }
        g
    }
}
