//! `aloud say`.

/// Options of `aloud say`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `aloud say`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`aloud say` is not implemented yet")
}
