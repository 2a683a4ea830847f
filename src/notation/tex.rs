//! The notation in TeX, for Markdown and LaTeX.
