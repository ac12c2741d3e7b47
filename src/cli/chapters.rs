//! `aloud chapters`.

/// Options of `aloud chapters`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `aloud chapters`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`aloud chapters` is not implemented yet")
}
