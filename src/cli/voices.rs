//! `aloud voices`.

/// Options of `aloud voices`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `aloud voices`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`aloud voices` is not implemented yet")
}
