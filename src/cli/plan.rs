//! `aloud plan`.

/// Options of `aloud plan`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs `aloud plan`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`aloud plan` is not implemented yet")
}
