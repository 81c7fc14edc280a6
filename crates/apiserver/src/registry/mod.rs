//! The registry: one [`Strategy`] per kind (`pkg/registry/<group>/<kind>/strategy.go`), found
//! through [`strategy`]. A strategy says what its kind does differently from the generic store:
//! defaulting, PrepareForCreate/PrepareForUpdate, validation, the status strategy's reset and
//! how deletion goes. The create/update/delete paths ask the strategy and never name a kind.
//!
//! Kinds the playground only stores use [`generic::Generic`] (or [`generic::ClearsStatus`]);
//! kinds outside the resource table (custom resources) use [`generic::Custom`].

mod configmap;
mod cronjob;
mod deployment;
mod endpoints;
mod generic;
mod job;
mod namespace;
mod node;
mod pod;
mod replicaset;
mod replicationcontroller;
mod secret;
mod service;
mod workload;

use kubeplay_model::Object;

use crate::validation::Errs;

/// How a delete request goes for a kind (`rest.BeforeDelete` and the kind's own finalizing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Deletion {
    /// Gone at once unless finalizers hold it.
    Immediate,
    /// A grace period first (pods scheduled to a node and not finished).
    Graceful,
    /// Held by `spec.finalizers` until emptied, `status.phase` Terminating, no propagation
    /// policy (namespaces).
    Finalized,
}

/// What one kind's registry does beyond the generic store. Every method has the generic
/// store's behaviour as its default.
pub(crate) trait Strategy: Sync {
    /// Scheme defaulting (`SetObjectDefaults_<Kind>`), on create and on every main update.
    fn default(&self, _obj: &mut Object) {}
    /// Quantity maps decoded with the object (a malformed one is a BadRequest), beyond the
    /// pod template's resources.
    fn quantity_maps(&self) -> &'static [&'static str] {
        &[]
    }
    /// PrepareForCreate: status reset or initialised.
    fn prepare_for_create(&self, _obj: &mut Object) {}
    /// PrepareForUpdate of the main resource: what only a subresource may change is kept.
    fn prepare_for_update(&self, _new: &mut Object, _old: &Object) {}
    /// Validate (object metadata is checked for every kind before this).
    fn validate(&self, _obj: &Object, _errs: &mut Errs) {}
    /// ValidateUpdate, after `validate` of the new object.
    fn validate_update(&self, _new: &Object, _old: &Object, _errs: &mut Errs) {}
    /// Whether the status strategy keeps the request's annotations (it resets only spec and
    /// labels from the live object).
    fn status_keeps_annotations(&self) -> bool {
        false
    }
    /// Whether an update from `old` to `new` bumps generation (for kinds that track it).
    fn generation_changed(&self, old: &Object, new: &Object) -> bool {
        old.get("spec") != new.get("spec")
    }
    fn deletion(&self) -> Deletion {
        Deletion::Immediate
    }
}

/// Every kind with its own registry entry, by plural. A simulated kind must be listed (a test
/// checks it), even when its strategy is the generic one.
static STRATEGIES: &[(&str, &dyn Strategy)] = &[
    ("configmaps", &configmap::ConfigMap),
    ("endpoints", &endpoints::Endpoints),
    ("events", &generic::Generic),
    ("namespaces", &namespace::Namespace),
    ("nodes", &node::Node),
    ("persistentvolumeclaims", &generic::ClearsStatus),
    ("pods", &pod::Pod),
    ("replicationcontrollers", &replicationcontroller::ReplicationController),
    ("secrets", &secret::Secret),
    ("serviceaccounts", &generic::Generic),
    ("services", &service::Service),
    ("daemonsets", &workload::DAEMONSET),
    ("deployments", &deployment::Deployment),
    ("replicasets", &replicaset::ReplicaSet),
    ("statefulsets", &workload::STATEFULSET),
    ("horizontalpodautoscalers", &generic::ClearsStatus),
    ("cronjobs", &cronjob::CronJob),
    ("jobs", &job::Job),
    ("endpointslices", &generic::Generic),
    ("poddisruptionbudgets", &generic::ClearsStatus),
];

/// The strategy of a resource: its own, the generic store's for other registry kinds, the
/// custom-resource one for kinds outside the resource table.
pub(crate) fn strategy(plural: &str) -> &'static dyn Strategy {
    match STRATEGIES.iter().find(|(p, _)| *p == plural) {
        Some((_, s)) => *s,
        None if kubeplay_model::resource::by_plural(plural).is_some() => &generic::Generic,
        None => &generic::Custom,
    }
}

/// Whether the main endpoint ignores `status` (it has its own subresource).
pub(crate) fn has_status_subresource(plural: &str) -> bool {
    kubeplay_model::resource::by_plural(plural).is_some_and(|r| r.status_subresource)
}

/// Whether objects of this resource carry `metadata.generation` (custom resources do).
pub(crate) fn tracks_generation(plural: &str) -> bool {
    kubeplay_model::resource::by_plural(plural).is_none_or(|r| r.generation)
}

/// Whether a kind has an entry of its own (the completeness test's question).
pub fn has_strategy(plural: &str) -> bool {
    STRATEGIES.iter().any(|(p, _)| *p == plural)
}

#[cfg(test)]
mod tests {
    use kubeplay_model::RESOURCES;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn every_simulated_kind_has_a_strategy() {
        for r in RESOURCES.iter().filter(|r| r.simulated) {
            assert!(has_strategy(r.plural), "{} has no registry strategy", r.plural);
        }
    }

    #[test]
    fn strategies_name_registry_kinds_once() {
        for (i, (p, _)) in STRATEGIES.iter().enumerate() {
            assert!(kubeplay_model::resource::by_plural(p).is_some(), "{p} is not a registry kind");
            assert!(!STRATEGIES[..i].iter().any(|(q, _)| q == p), "{p} listed twice");
        }
    }
}
