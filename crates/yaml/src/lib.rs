//! YAML manifests with line/column spans: multi-document parsing, strict decoding against the schema, and kubectl-style YAML output.
