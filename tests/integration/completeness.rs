//! Every simulated kind has a home in each layer: a registry strategy in the API server, a
//! controller that reconciles it (or an explicit "none"), a kubectl printer and a schema root.
//! Adding a simulated kind without one of them fails here.

use kubeplay_cluster::queue::{Component, NOT_RECONCILED};
use kubeplay_model::RESOURCES;

#[test]
fn every_simulated_kind_has_a_home_in_each_layer() {
    for r in RESOURCES.iter().filter(|r| r.simulated) {
        assert!(kubeplay_apiserver::has_strategy(r.plural), "{}: no API server strategy", r.plural);
        let reconciled = Component::ALL.iter().any(|c| c.reconciles() == Some(r.plural));
        assert!(
            reconciled != NOT_RECONCILED.contains(&r.plural),
            "{}: reconciled by a component and listed as not reconciled, or neither",
            r.plural
        );
        assert!(kubeplay_kubectl::print::has_printer(r.plural), "{}: no kubectl printer", r.plural);
        assert!(
            kubeplay_schema::root_type(&r.api_version(), r.kind).is_some(),
            "{}: no schema root",
            r.plural
        );
    }
}
