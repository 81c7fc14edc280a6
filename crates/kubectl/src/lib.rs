//! kubectl v1.33 against the simulated cluster: argument parsing, verbs, table/describe/yaml/json/jsonpath printers.
