//! The in-memory API server: storage, resourceVersion, defaulting, validation, create/update/patch/apply/delete, watch log.
