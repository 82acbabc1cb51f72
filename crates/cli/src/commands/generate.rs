//! `unmask generate`: write a synthetic world and its ground truth.

use crate::args::Generate;
use crate::output;
use anyhow::{Context, Result};
use std::path::Path;
use std::process::ExitCode;
use unmask_synth::Declarations;

/// The declarations a `--no-declarations` flag asks for.
pub fn declarations(no_declarations: bool) -> Declarations {
    if no_declarations {
        Declarations::Omitted
    } else {
        Declarations::Written
    }
}

pub fn run(args: &Generate) -> Result<ExitCode> {
    let written = write_world(
        args.seed,
        args.scale,
        declarations(args.no_declarations),
        &args.out,
    )?;
    for file in written {
        crate::outln!("{file}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Generate and write the world's files; returns their paths.
pub fn write_world(
    seed: u64,
    scale: u32,
    declarations: Declarations,
    out: &str,
) -> Result<Vec<String>> {
    let without = match declarations {
        Declarations::Written => "",
        Declarations::Omitted => " without declarations",
    };
    output::info(&format!(
        "generating world seed {seed} scale {scale}{without} into {out}"
    ));
    let world = unmask_synth::generate_with(seed, scale, declarations);
    std::fs::create_dir_all(out).with_context(|| format!("creating `{out}`"))?;
    let mut written = Vec::new();
    for (name, contents) in world.files() {
        let path = Path::new(out).join(name);
        std::fs::write(&path, contents).with_context(|| format!("writing `{}`", path.display()))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}
