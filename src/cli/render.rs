//! `aloud render`.

/// Options of `aloud render`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `aloud render`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`aloud render` is not implemented yet")
}
