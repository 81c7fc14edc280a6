//! A map-backed store for unit tests.
