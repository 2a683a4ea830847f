//! Web pages: one self-contained HTML file each, with inline style sheet and script, the data
//! embedded as JSON, formulas in MathML, and no network request, so a page opens from `file://`,
//! from an e-mail attachment or inside a notebook.
//!
//! - [`page`]: the shell every page shares (document, root element, style sheet, palette and
//!   legend, embedded JSON, exact numbers), with `assets/page.css` and `assets/common.js`;
//! - formulas as MathML come from [`notation::mathml`](crate::notation::mathml), printed from the
//!   same expression trees as every other formula;
//! - [`core`]: nettrace's core as WebAssembly in the step page (`assets/nettrace.wasm`, built by
//!   scripts/wasm.sh), and its loader `window.nettrace` (`assets/core.js`);
//! - [`boundary`]: the decision boundary of a network of two inputs, computed on a grid;
//! - [`diagram`]: the network as SVG;
//! - [`tables`]: the terminal view's tables as HTML;
//! - [`edit`]: what a learner can change on the step page, and its tools (`assets/edit.js`);
//! - [`step`]: the page of one step, `nettrace run NET.json --format html` (`assets/step.css`,
//!   `assets/step.js`);
//! - [`practice`]: the practice page of one step, `run … --format html --practice`: answer
//!   fields graded as they are typed (`assets/practice.css`, `assets/practice.js`);
//! - [`report`]: the page of a training run, `nettrace train … --report FILE.html`
//!   (`assets/report.css`, `assets/report.js`); its [`charts`] are [`line_chart`]s drawn by
//!   plotters as SVG in the page, `assets/chart.js` adding their marker and readout; both pages
//!   draw what the network learned with `assets/views.js`.

pub mod boundary;
pub mod charts;
pub mod core;
pub mod diagram;
pub mod edit;
pub mod line_chart;
pub mod page;
pub mod practice;
pub mod report;
pub mod step;
pub mod tables;
