//! The edition: stitching, loudness, the chaptered WAV and its sidecars.
