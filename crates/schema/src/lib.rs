//! The Kubernetes v1.33 API schema for the simulated kinds: field types for strict decoding, docs for explain, completion.
