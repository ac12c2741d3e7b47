//! `aloud pronounce`.

/// Options of `aloud pronounce`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `aloud pronounce`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`aloud pronounce` is not implemented yet")
}
