//! Integration tests: one module per area (a single test binary, as ripgrep and matklad advise).

/// Golden kubectl transcripts: `tests/transcripts/*.sh` run by the `kubeplay` script runner and
/// compared byte for byte with `*.txt` (expectations checked against the spec or kubectl 1.33).
mod transcripts;
