//! Learning-rate schedules, applied once per epoch as PyTorch's `StepLR` and `ExponentialLR`.

use std::fmt;
use std::str::FromStr;

/// How η changes from one epoch to the next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// η stays the same.
    Constant,
    /// η ← γ·η after every `every`-th epoch (`StepLR(step_size=every, gamma=γ)`).
    Step { every: u64, gamma: f64 },
    /// η ← γ·η after every epoch (`ExponentialLR(gamma=γ)`).
    Exp { gamma: f64 },
}

impl Schedule {
    /// η for the epoch after `epoch` (counted from 1) ends, from η of `epoch`.
    ///
    /// Like PyTorch's chainable schedulers, η is multiplied step by step, not
    /// recomputed as η₀·γᵏ, so the numbers agree to the last bit.
    pub fn next(self, lr: f64, epoch: u64) -> f64 {
        match self {
            Schedule::Constant => lr,
            Schedule::Step { every, gamma } if epoch.is_multiple_of(every) => lr * gamma,
            Schedule::Step { .. } => lr,
            Schedule::Exp { gamma } => lr * gamma,
        }
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Constant => write!(f, "constant"),
            Schedule::Step { every, gamma } => write!(f, "step:{every}:{gamma}"),
            Schedule::Exp { gamma } => write!(f, "exp:{gamma}"),
        }
    }
}

impl FromStr for Schedule {
    type Err = String;

    /// `constant`, `step:EVERY:GAMMA` or `exp:GAMMA`.
    fn from_str(s: &str) -> Result<Self, String> {
        let gamma = |g: &str| match g.parse::<f64>() {
            Ok(g) if g.is_finite() && g > 0.0 => Ok(g),
            _ => Err(format!("{g:?} is not a factor; expected a positive number such as 0.5")),
        };
        let parts: Vec<&str> = s.split(':').collect();
        match parts.as_slice() {
            ["constant"] => Ok(Schedule::Constant),
            ["exp", g] => Ok(Schedule::Exp { gamma: gamma(g)? }),
            ["step", every, g] => match every.parse::<u64>() {
                Ok(every) if every > 0 => Ok(Schedule::Step { every, gamma: gamma(g)? }),
                _ => Err(format!("{every:?} is not a number of epochs; expected a whole number ≥ 1")),
            },
            _ => Err(
                "expected step:EVERY:GAMMA (such as step:10:0.5), exp:GAMMA (such as exp:0.95) or constant"
                    .to_string(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates(s: Schedule, epochs: u64) -> Vec<f64> {
        let mut lr = 0.1;
        (1..=epochs)
            .map(|e| {
                let now = lr;
                lr = s.next(lr, e);
                now
            })
            .collect()
    }

    #[test]
    fn step_multiplies_after_every_kth_epoch() {
        let s: Schedule = "step:2:0.5".parse().unwrap();
        assert_eq!(rates(s, 5), vec![0.1, 0.1, 0.05, 0.05, 0.025]);
    }

    #[test]
    fn exp_multiplies_after_every_epoch_step_by_step() {
        let s: Schedule = "exp:0.9".parse().unwrap();
        // Chained products, as PyTorch computes them (0.1·0.9·0.9, not 0.1·0.9²).
        assert_eq!(rates(s, 3), vec![0.1, 0.1 * 0.9, 0.1 * 0.9 * 0.9]);
    }

    #[test]
    fn bad_schedules_are_refused_with_the_expected_form() {
        for bad in ["step:0:0.5", "step:2", "exp:-1", "exp:x", "linear"] {
            assert!(bad.parse::<Schedule>().is_err(), "{bad}");
        }
        assert_eq!("constant".parse::<Schedule>(), Ok(Schedule::Constant));
    }
}
