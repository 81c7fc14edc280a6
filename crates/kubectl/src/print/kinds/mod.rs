//! One printer per kind, registered once in [`PRINTERS`]: the server-side table columns
//! (`pkg/printers/internalversion/printers.go`, priority 1 = `-o wide` only), the cells of one
//! object's row, and the describer (`kubectl describe`; `None` = the generic one). A kind
//! without a printer gets the server's default `NAME AGE` table and the generic describer.

mod configmap;
mod daemonset;
mod deployment;
mod endpoints;
mod endpointslice;
mod event;
mod namespace;
mod node;
mod pod;
mod poddisruptionbudget;
mod replicaset;
mod secret;
mod service;
mod serviceaccount;

use kubeplay_model::{Object, SimTime};

use super::describe::{DescribeContext, W};

/// What `kubectl describe` writes for one object.
pub(crate) type Describer = fn(&mut W, &Object, &DescribeContext, SimTime);

pub(crate) struct Printer {
    pub plural: &'static str,
    /// (header, priority) in column order.
    pub columns: &'static [(&'static str, u8)],
    /// Every column's cell (all priorities), in `columns` order; `wide` for cells that print
    /// more with `-o wide`.
    pub cells: fn(&Object, SimTime, bool) -> Vec<String>,
    pub describe: Option<Describer>,
}

/// Every kind with a printer of its own.
static PRINTERS: &[&Printer] = &[
    &configmap::PRINTER,
    &endpoints::PRINTER,
    &event::PRINTER,
    &namespace::PRINTER,
    &node::PRINTER,
    &pod::PRINTER,
    &secret::PRINTER,
    &service::PRINTER,
    &serviceaccount::PRINTER,
    &deployment::PRINTER,
    &replicaset::PRINTER,
    &daemonset::PRINTER,
    &endpointslice::PRINTER,
    &poddisruptionbudget::PRINTER,
];

/// The printer of a resource (plural name), if it has its own.
pub(crate) fn printer(plural: &str) -> Option<&'static Printer> {
    PRINTERS.iter().find(|p| p.plural == plural).copied()
}

/// Whether a kind has a printer of its own (the completeness test's question).
pub fn has_printer(plural: &str) -> bool {
    printer(plural).is_some()
}

/// What a printer file needs in scope.
mod prelude {
    pub(super) use kubeplay_model::{Object, ObjectExt, SimTime};
    pub(super) use serde_json::Value;

    pub(super) use super::Printer;
    pub(super) use crate::print::describe;
    pub(super) use crate::print::pod_status::pod_summary;
    pub(super) use crate::print::table::*;
    pub(super) use crate::print::util::*;
}

#[cfg(test)]
mod tests {
    use kubeplay_model::RESOURCES;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn every_simulated_kind_has_a_printer() {
        for r in RESOURCES.iter().filter(|r| r.simulated) {
            assert!(printer(r.plural).is_some(), "{} has no printer", r.plural);
        }
    }

    #[test]
    fn printers_are_registry_kinds_named_once_with_name_first() {
        for (i, p) in PRINTERS.iter().enumerate() {
            assert!(kubeplay_model::resource::by_plural(p.plural).is_some(), "{}", p.plural);
            assert!(!PRINTERS[..i].iter().any(|q| q.plural == p.plural), "{} twice", p.plural);
        }
    }
}
