//! node_lifecycle
