//! The fuzz driver: `unmask-fuzz TARGET`. Built with `cargo afl build --features afl` it is an
//! AFL++ harness; without the feature it runs the target once on stdin (to reproduce a crash).

use std::process::ExitCode;

fn main() -> ExitCode {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(target) = unmask_fuzz::target(&name) else {
        let names: Vec<&str> = unmask_fuzz::TARGETS.iter().map(|t| t.name).collect();
        eprintln!(
            "error: unknown target `{name}`\nhint: one of {}",
            names.join(", ")
        );
        return ExitCode::from(1);
    };
    run(target.run);
    ExitCode::SUCCESS
}

#[cfg(feature = "afl")]
fn run(target: fn(&[u8])) {
    afl::fuzz!(|data: &[u8]| target(data));
}

#[cfg(not(feature = "afl"))]
fn run(target: fn(&[u8])) {
    use std::io::Read;
    let mut input = Vec::new();
    // The same cap AFL's default `-G` would give; a reproducer is small.
    if let Err(e) = std::io::stdin().take(1 << 20).read_to_end(&mut input) {
        eprintln!("error: reading stdin: {e}");
        return;
    }
    target(&input);
}
