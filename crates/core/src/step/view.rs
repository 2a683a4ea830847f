//! A quantity's numbers as a reader reads them: a matrix whose rows and columns say what they run
//! over (the samples, the units of a layer, its inputs), with the entry at a math index. Readers
//! (tables, pages, worked solutions, the graph, `--why`) take every number from here and never
//! work out a matrix's orientation themselves; [`Value`] is the same numbers written as JSON.
//!
//! ```
//! use nettrace_core::step::{Axis, Shape, View};
//! use nalgebra::DMatrix;
//!
//! // W[1] of an in_out file: one row per input, one column per unit.
//! let w = View::matrix(Axis::Input, Axis::Unit, DMatrix::from_row_slice(2, 3, &[1., 2., 3., 4., 5., 6.]));
//! assert_eq!(w.shape(), Shape::Matrix(Axis::Input, Axis::Unit));
//! // W[1]₃₂: unit 3 (from 0: 2) reading input 2 (from 0: 1), wherever the layout puts it.
//! assert_eq!(w.get(&[(Axis::Unit, 2), (Axis::Input, 1)]), Some(6.0));
//! ```

use super::{Quantity, Step, Value};
use crate::nn::network::Layout;
use nalgebra::DMatrix;

/// What the rows or the columns of a quantity run over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// The samples of a batch, n.
    Sample,
    /// The units (neurons) of a layer, k; for a[0] and y, their entries.
    Unit,
    /// The inputs of a layer, j: the units of the layer below.
    Input,
}

impl Axis {
    /// The word a table labels a row or a column with: `sample`, `unit`, `input`.
    pub fn name(self) -> &'static str {
        match self {
            Axis::Sample => "sample",
            Axis::Unit => "unit",
            Axis::Input => "input",
        }
    }
}

/// The form of a quantity's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One number: L.
    Scalar,
    /// A vector written as one row: a bias, or a per-sample quantity of one sample.
    Row(Axis),
    /// A vector written as one column (units down).
    Column(Axis),
    /// Rows over the first axis, columns over the second.
    Matrix(Axis, Axis),
}

/// A quantity's numbers, as they are shown (rows × columns), and what they run over.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    shape: Shape,
    numbers: DMatrix<f64>,
}

impl View {
    pub fn scalar(x: f64) -> View {
        View { shape: Shape::Scalar, numbers: DMatrix::from_element(1, 1, x) }
    }

    /// A vector over `axis`, as one row.
    pub fn row(axis: Axis, v: &[f64]) -> View {
        View { shape: Shape::Row(axis), numbers: DMatrix::from_row_slice(1, v.len(), v) }
    }

    /// A matrix whose rows run over `rows` and columns over `columns`.
    pub fn matrix(rows: Axis, columns: Axis, m: DMatrix<f64>) -> View {
        View { shape: Shape::Matrix(rows, columns), numbers: m }
    }

    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// What the rows and the columns run over: none for a scalar, and for the one row (column)
    /// of a vector.
    pub fn axes(&self) -> (Option<Axis>, Option<Axis>) {
        match self.shape {
            Shape::Scalar => (None, None),
            Shape::Row(a) => (None, Some(a)),
            Shape::Column(a) => (Some(a), None),
            Shape::Matrix(r, c) => (Some(r), Some(c)),
        }
    }

    /// Rows and columns as shown: a scalar is 1×1, a row 1×n, a column n×1.
    pub fn size(&self) -> (usize, usize) {
        self.numbers.shape()
    }

    /// The number shown at row `r`, column `c` (from 0).
    pub fn at(&self, r: usize, c: usize) -> f64 {
        self.numbers[(r, c)]
    }

    /// Row `r` as shown.
    pub fn row_at(&self, r: usize) -> Vec<f64> {
        self.numbers.row(r).iter().copied().collect()
    }

    /// The numbers as shown, rows × columns.
    pub fn numbers(&self) -> &DMatrix<f64> {
        &self.numbers
    }

    /// The entry at a math index (each from 0): `[(Unit, i), (Input, j)]` is W[l]ᵢⱼ in either
    /// layout, `[(Sample, n), (Unit, k)]` unit k of sample n. An axis the view does not run over
    /// is left out (one sample, a bias); none where an axis it runs over is missing or an index
    /// is past its end.
    pub fn get(&self, index: &[(Axis, usize)]) -> Option<f64> {
        let find = |axis: Option<Axis>| match axis {
            None => Some(0),
            Some(a) => index.iter().find(|(b, _)| *b == a).map(|(_, i)| *i),
        };
        let (rows, columns) = self.axes();
        let (r, c) = (find(rows)?, find(columns)?);
        self.numbers.get((r, c)).copied()
    }

    /// The same numbers with rows and columns swapped: a row becomes a column.
    pub fn transposed(&self) -> View {
        let shape = match self.shape {
            Shape::Scalar => Shape::Scalar,
            Shape::Row(a) => Shape::Column(a),
            Shape::Column(a) => Shape::Row(a),
            Shape::Matrix(r, c) => Shape::Matrix(c, r),
        };
        View { shape, numbers: self.numbers.transpose() }
    }

    /// The numbers as JSON writes them: a number, a vector, or rows.
    pub fn value(&self) -> Value {
        match self.shape {
            Shape::Scalar => Value::Scalar(self.numbers[(0, 0)]),
            Shape::Row(_) => Value::Vector(self.numbers.iter().copied().collect()),
            Shape::Column(_) | Shape::Matrix(..) => Value::matrix(&self.numbers),
        }
    }
}

impl Step<'_> {
    /// The numbers of `q` as a reader reads them: per-sample quantities one row per sample
    /// (one row over the units for one sample), weights and their gradients in the file's
    /// layout (rows over the units for `out_in`, over the inputs for `in_out`), a bias one row.
    pub fn view(&self, q: Quantity) -> View {
        let at = |l: usize| &self.layers[l - 1];
        let samples = |m: &DMatrix<f64>| {
            if self.batch() {
                View::matrix(Axis::Sample, Axis::Unit, m.clone())
            } else {
                View::row(Axis::Unit, &m.row(0).iter().copied().collect::<Vec<_>>())
            }
        };
        // Stored neurons × inputs.
        let weights = |w: &DMatrix<f64>| match self.network.layout {
            Layout::OutIn => View::matrix(Axis::Unit, Axis::Input, w.clone()),
            Layout::InOut => View::matrix(Axis::Input, Axis::Unit, w.transpose()),
        };
        let bias = |b: &nalgebra::DVector<f64>| View::row(Axis::Unit, b.as_slice());
        match q {
            Quantity::Input => samples(&self.samples.inputs),
            Quantity::Target => samples(&self.samples.targets),
            Quantity::Weights(l) => weights(&self.network.layers[l - 1].weights),
            Quantity::Bias(l) => bias(&self.network.layers[l - 1].bias),
            Quantity::Z(l) => samples(&at(l).z),
            Quantity::A(l) => samples(&at(l).a),
            Quantity::PhiPrime(l) => at(l).phi_prime.as_ref().map_or(View::row(Axis::Unit, &[]), samples),
            Quantity::Loss => View::scalar(self.loss),
            Quantity::GradOutput => samples(&self.grad_output),
            Quantity::GradA(l) => samples(&at(l + 1).grad_input),
            Quantity::Delta(l) => samples(&at(l).delta),
            Quantity::GradWeights(l) => weights(&at(l).grad_weights),
            Quantity::GradBias(l) => bias(&at(l).grad_bias),
            Quantity::NewWeights(l) => weights(&self.updated.layers[l - 1].weights),
            Quantity::NewBias(l) => bias(&self.updated.layers[l - 1].bias),
            Quantity::LossAfter => View::scalar(self.loss_after),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation;
    use crate::nn::loss::Loss;
    use crate::nn::network::{Layer, Network, Samples};
    use nalgebra::DVector;

    /// A 3 → 2 network in `layout`, on `n` samples.
    fn network(layout: Layout, n: usize) -> (Network, Samples) {
        let layer = Layer {
            weights: DMatrix::from_row_slice(2, 3, &[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
            bias: DVector::from_vec(vec![0.01, 0.02]),
            activation: Activation::Tanh,
            trainable_bias: true,
        };
        let samples = Samples {
            inputs: DMatrix::from_fn(n, 3, |r, c| (r * 3 + c) as f64 / 10.0),
            targets: DMatrix::from_fn(n, 2, |r, c| (r + c) as f64 / 2.0),
            batch: n > 1,
        };
        (Network { layers: vec![layer], loss: Loss::Mse, layout }, samples)
    }

    #[test]
    fn a_weight_is_at_its_unit_and_input_in_either_layout() {
        for (layout, shape) in [
            (Layout::OutIn, Shape::Matrix(Axis::Unit, Axis::Input)),
            (Layout::InOut, Shape::Matrix(Axis::Input, Axis::Unit)),
        ] {
            let (net, samples) = network(layout, 1);
            let step = Step::compute(&net, &samples, 0.1, None);
            for q in [Quantity::Weights(1), Quantity::GradWeights(1), Quantity::NewWeights(1)] {
                assert_eq!(step.view(q).shape(), shape, "{layout:?}");
            }
            let (w, g) = (step.view(Quantity::Weights(1)), step.view(Quantity::GradWeights(1)));
            for (i, j) in [(0, 0), (0, 2), (1, 1)] {
                let at = [(Axis::Input, j), (Axis::Unit, i)];
                assert_eq!(w.get(&at), Some(net.layers[0].weights[(i, j)]), "{layout:?} W₍{i}{j}₎");
                assert_eq!(g.get(&at), Some(step.layers[0].grad_weights[(i, j)]), "{layout:?}");
            }
            assert_eq!(w.get(&[(Axis::Unit, 2), (Axis::Input, 0)]), None, "2 units");
            assert_eq!(w.get(&[(Axis::Unit, 0)]), None, "no input given");
            // The rows the JSON writes: the file's layout.
            assert_eq!(
                step.value(Quantity::Weights(1)),
                Value::matrix(&layout.store(&net.layers[0].weights))
            );
        }
    }

    #[test]
    fn per_sample_quantities_are_rows_of_samples_and_one_row_for_one_sample() {
        let (net, samples) = network(Layout::OutIn, 3);
        let step = Step::compute(&net, &samples, 0.1, None);
        let z = step.view(Quantity::Z(1));
        assert_eq!((z.shape(), z.size()), (Shape::Matrix(Axis::Sample, Axis::Unit), (3, 2)));
        assert_eq!(z.get(&[(Axis::Unit, 1), (Axis::Sample, 2)]), Some(step.layers[0].z[(2, 1)]));
        assert_eq!(step.view(Quantity::Bias(1)).shape(), Shape::Row(Axis::Unit));
        assert_eq!(step.view(Quantity::Loss).shape(), Shape::Scalar);
        let (net, samples) = network(Layout::OutIn, 1);
        let step = Step::compute(&net, &samples, 0.1, None);
        let a = step.view(Quantity::A(1));
        assert_eq!((a.shape(), a.size()), (Shape::Row(Axis::Unit), (1, 2)));
        assert_eq!(a.get(&[(Axis::Unit, 1)]), Some(step.layers[0].a[(0, 1)]));
        assert_eq!(
            step.value(Quantity::A(1)),
            Value::Vector(vec![step.layers[0].a[(0, 0)], step.layers[0].a[(0, 1)]])
        );
        // A column: the same entries, units down.
        let column = a.transposed();
        assert_eq!((column.shape(), column.size()), (Shape::Column(Axis::Unit), (2, 1)));
        assert_eq!(column.get(&[(Axis::Unit, 1)]), a.get(&[(Axis::Unit, 1)]));
    }
}
