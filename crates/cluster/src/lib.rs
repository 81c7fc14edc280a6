//! The deterministic cluster runtime: virtual clock, seeded RNG, work queue, event recorder; wires API server, controllers and nodes.
