//! `consolidate pack FILE.vbp [--time-limit S] [--json]`: solves one vector bin packing
//! instance with the engine, checks the answer with the independent verifier, and prints it.

use crate::cli::PackArgs;
use crate::error::Error;
use crate::pack::verify::verify;
use crate::pack::{Engine, PackError, PackOptions, Packing};
use std::time::Duration;

/// Runs the subcommand.
pub fn run(args: &PackArgs) -> Result<(), Error> {
    let options = options_for(args.time_limit)?;
    let problem = crate::vbp::read(&args.file)?;
    let (packing, stats) = Engine::default()
        .pack_with_stats(&problem, &options)
        .map_err(|e| pack_error(&args.file, e))?;
    verified(&args.file, &problem, &packing)?;
    if args.json {
        println!("{}", json(&packing, stats.seconds));
    } else {
        print!("{}", text(&args.file, &problem, &packing, &stats));
    }
    Ok(())
}

/// Checks the engine's layout with the independent verifier. A layout it refuses is a bug in
/// the engine, not a fault of the input: an internal error, exit code 1.
fn verified(
    file: &std::path::Path,
    problem: &crate::pack::Problem,
    packing: &Packing,
) -> Result<(), Error> {
    verify(problem, packing).map_err(|v| {
        Error::Internal(format!(
            "the engine's layout for {} fails verification ({v}); please report this bug",
            file.display()
        ))
    })
}

/// Pack options from a `--time-limit` in seconds (must be finite and non-negative).
pub fn options_for(seconds: f64) -> Result<PackOptions, Error> {
    if !seconds.is_finite() || !(0.0..=1e9).contains(&seconds) {
        return Err(Error::Infeasible(format!(
            "--time-limit must be a non-negative number of seconds, got {seconds}"
        )));
    }
    Ok(PackOptions { time_limit: Duration::from_secs_f64(seconds), ..PackOptions::default() })
}

/// Maps a solver error on a file to a command error: an instance that cannot be packed (an
/// item larger than the bin) is exit 2; a problem the reader built malformed is a bug, exit 1.
pub fn pack_error(file: &std::path::Path, e: PackError) -> Error {
    match e {
        PackError::Malformed(_) => Error::Internal(format!("{}: {e}", file.display())),
        PackError::ItemTooLarge { .. } | PackError::Infeasible(_) => {
            Error::Infeasible(format!("{}: {e}", file.display()))
        }
    }
}

/// The one JSON object of `--json`.
pub fn json(packing: &Packing, seconds: f64) -> String {
    let v = serde_json::json!({
        "bins_used": packing.bins_used(),
        "lower_bound": packing.lower_bound,
        "proven_optimal": packing.proven_optimal,
        "seconds": (seconds * 1e6).round() / 1e6,
        "bins": packing.bins.iter().map(|b| &b.items).collect::<Vec<_>>(),
    });
    v.to_string()
}

/// How many bins the text summary lists before pointing to `--json`.
const TEXT_BINS: usize = 30;

/// A readable summary.
pub fn text(
    file: &std::path::Path,
    problem: &crate::pack::Problem,
    packing: &Packing,
    stats: &crate::pack::PackStats,
) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let cap = &problem.bin_types()[0].capacity;
    let _ = writeln!(s, "instance:     {}", file.display());
    let _ = writeln!(
        s,
        "items:        {} in {} dimension(s), bin capacity {:?}",
        problem.len(),
        problem.dims(),
        cap
    );
    let _ = writeln!(s, "bins used:    {}", packing.bins_used());
    let _ = writeln!(s, "lower bound:  {}", packing.lower_bound);
    let verdict = if packing.proven_optimal {
        "proven optimal".to_string()
    } else {
        format!(
            "gap {} bin(s)",
            packing.bins_used() as u64 - packing.lower_bound.min(packing.bins_used() as u64)
        )
    };
    let _ = writeln!(s, "status:       {verdict}");
    let _ = writeln!(s, "method:       {}", packing.method);
    let _ = writeln!(s, "first heuristic: {} bins", stats.heuristic_cost);
    if stats.time_limit_hit {
        let _ =
            writeln!(s, "note:         the time limit cut the search (result may vary by speed)");
    }
    let _ = writeln!(s, "seconds:      {:.3}", stats.seconds);
    let _ = writeln!(s, "layout (verified):");
    for (k, b) in packing.bins.iter().take(TEXT_BINS).enumerate() {
        let mut load = vec![0u128; problem.dims()];
        for &i in &b.items {
            for (l, &w) in load.iter_mut().zip(problem.demand(i)) {
                *l += u128::from(w);
            }
        }
        let fill: Vec<String> =
            load.iter()
                .zip(cap)
                .map(|(&l, &c)| {
                    if c == 0 { "-".into() } else { format!("{:.0}%", 100.0 * l as f64 / c as f64) }
                })
                .collect();
        let items: Vec<String> = b.items.iter().map(usize::to_string).collect();
        let _ = writeln!(
            s,
            "  bin {:>4}: fill {:<20} items {}",
            k + 1,
            fill.join("/"),
            items.join(" ")
        );
    }
    if packing.bins.len() > TEXT_BINS {
        let _ =
            writeln!(s, "  ... {} more bins (use --json for all)", packing.bins.len() - TEXT_BINS);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_layout_the_verifier_refuses_is_an_internal_error_exit_1() {
        let problem = crate::vbp::parse("1\n10\n1\n3 2\n", Path::new("t.vbp")).unwrap();
        // Two items, no bins: every item is missing.
        let bad =
            Packing { bins: Vec::new(), lower_bound: 1, proven_optimal: false, method: "x".into() };
        let e = verified(Path::new("t.vbp"), &problem, &bad).unwrap_err();
        assert!(matches!(e, Error::Internal(_)), "{e}");
        assert_eq!(e.exit_code(), 1);
        assert!(e.to_string().contains("t.vbp"), "{e}");
    }

    #[test]
    fn solver_errors_map_to_their_exit_codes() {
        let f = Path::new("t.vbp");
        assert_eq!(pack_error(f, PackError::ItemTooLarge { item: 0 }).exit_code(), 2);
        assert_eq!(pack_error(f, PackError::Infeasible("x".into())).exit_code(), 2);
        assert_eq!(pack_error(f, PackError::Malformed("x".into())).exit_code(), 1);
    }
}
