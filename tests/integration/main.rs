//! Integration tests: one module per area (a single test binary, as ripgrep and matklad advise).

/// Golden kubectl transcripts: `tests/transcripts/*.sh` run by the `kubeplay` script runner and
/// compared byte for byte with `*.txt` (expectations checked against the spec or kubectl 1.33).
mod transcripts;

/// The invalid-input corpus (`tests/corpus/`: broken manifests and command lines with kubectl
/// 1.33's exact messages and positions) and the fuzz targets' bodies run over their seeds.
mod corpus;

/// Every simulated kind has a strategy, a controller (or an explicit none), a printer and a schema.
mod completeness;
