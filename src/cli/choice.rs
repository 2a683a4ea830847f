//! The closed choices of the core (loss, layout, activation, initial scheme) on the command line.
//!
//! clap reads them through the one table of names in [`nettrace::nn::names`], exactly as a
//! network file does: any case, and the same aliases. `--help` and the shell completions list the
//! names; a wrong one gets clap's own message, with its possible values and "did you mean".

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use nettrace::nn::names;
use serde::de::DeserializeOwned;
use std::ffi::OsStr;
use std::marker::PhantomData;

/// A clap value parser for the unit enum `T`, from its names: `value_parser = choice::<Loss>()`.
pub fn choice<T>() -> Choice<T> {
    Choice(PhantomData)
}

/// See [`choice`].
#[derive(Clone, Copy)]
pub struct Choice<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> TypedValueParser for Choice<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        if let Some(choice) = value.to_str().and_then(names::parse::<T>) {
            return Ok(choice);
        }
        // Not a name: clap's message for a value outside its possible values.
        let values = self.possible_values().into_iter().flatten();
        PossibleValuesParser::new(values)
            .parse_ref(cmd, arg, value)
            .and_then(|_| Err(clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd)))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let values =
            names::names::<T>().iter().map(|&name| PossibleValue::new(name).aliases(names::aliases_of(name)));
        Some(Box::new(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use nettrace::nn::activation::ActivationKind;
    use nettrace::nn::init::Scheme;
    use nettrace::nn::loss::Loss;
    use nettrace::nn::network::Layout;

    #[derive(Debug, Parser)]
    struct Line {
        #[arg(long, value_parser = choice::<Loss>())]
        loss: Option<Loss>,
        #[arg(long, value_delimiter = ',', value_parser = choice::<ActivationKind>())]
        activations: Vec<ActivationKind>,
    }

    fn parse(args: &[&str]) -> Result<Line, String> {
        Line::try_parse_from(std::iter::once("nettrace").chain(args.iter().copied()))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_command_line_takes_every_spelling_the_table_takes() {
        let line = parse(&["--loss", "Binary_Cross_Entropy", "--activations", "ReLU,linear,tanh"]).unwrap();
        assert_eq!(line.loss, Some(Loss::Bce));
        assert_eq!(line.activations, [ActivationKind::Relu, ActivationKind::Identity, ActivationKind::Tanh]);
        for name in names::names::<Loss>().iter().chain(names::ALIASES.iter().map(|(alias, _)| alias)) {
            let expected = names::parse::<Loss>(name);
            let got = parse(&["--loss", &name.to_uppercase()]).ok().and_then(|line| line.loss);
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn a_wrong_name_gets_the_possible_values_and_the_nearest() {
        let message = parse(&["--loss", "crossentropy"]).unwrap_err();
        assert_eq!(
            message.lines().take(4).collect::<Vec<_>>(),
            [
                "error: invalid value 'crossentropy' for '--loss <LOSS>'",
                "  [possible values: half_squared_error, mse, bce, cross_entropy]",
                "",
                "  tip: a similar value exists: 'cross_entropy'",
            ]
        );
    }

    #[test]
    fn help_and_completions_list_the_names_and_know_the_aliases() {
        let names = |values: Choice<Scheme>| -> Vec<String> {
            values.possible_values().unwrap().map(|v| v.get_name().to_string()).collect()
        };
        assert_eq!(names(choice()).len(), 8);
        assert_eq!(names(choice())[7], "pytorch");
        let layouts: Vec<_> =
            choice::<Layout>().possible_values().unwrap().map(|v| v.get_name().to_owned()).collect();
        assert_eq!(layouts, ["out_in", "in_out"]);
        let identity = choice::<ActivationKind>().possible_values().unwrap().next().unwrap();
        let spellings: Vec<&str> = identity.get_name_and_aliases().collect();
        assert_eq!(spellings, ["identity", "linear"]);
    }
}
