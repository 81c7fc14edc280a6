//! The object store: ordered maps keyed resource → namespace → name, one cluster-wide revision
//! counter, an owner-uid index and the append-only watch log.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use kubeplay_model::object::ObjectExt;
use kubeplay_model::resource::{by_kind, by_plural};
use kubeplay_model::{ApiError, LabelSelector, Object, SimTime};
use serde_json::Value;

use crate::allocator::{IpAllocator, PortAllocator};
use crate::{WatchEvent, WatchEventType};
use kubeplay_model::pod_index::{self, GroupSummary, NodeUsage, PodIndex};

/// What the server knows about a resource: registry kinds, or a generic kind stored as-is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResInfo {
    pub plural: String,
    pub group: String,
    pub version: String,
    pub kind: String,
    pub namespaced: bool,
}

impl ResInfo {
    /// `deployments.apps`, or `pods` for core: the form NotFound/AlreadyExists/Conflict use.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.clone()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }
}

type NsMap = BTreeMap<String, BTreeMap<String, Arc<Object>>>;

/// The in-memory API server. Cloning is cheap (objects are shared `Arc`s): a snapshot.
#[derive(Clone)]
pub struct ApiServer {
    pub(crate) objects: BTreeMap<String, NsMap>,
    /// resource → controller-owner uid → (namespace, name) of the dependents.
    pub(crate) owned: BTreeMap<String, BTreeMap<String, BTreeSet<(String, String)>>>,
    /// Pods by owner and label set, by node, and the orphans (see `pod_index`).
    pub(crate) pods: PodIndex,
    pub(crate) rv: u64,
    pub(crate) log: Vec<WatchEvent>,
    /// The watch log holds every change after this rv (older ones were compacted away).
    pub(crate) compacted: u64,
    /// Every known resource by plural: the registry, plus kinds outside it once stored. Shared
    /// so a write does not rebuild its resource description.
    pub(crate) infos: BTreeMap<String, Arc<ResInfo>>,
    pub(crate) ips: IpAllocator,
    pub(crate) ports: PortAllocator,
}

/// `metadata.<key>` as a string, read directly (the hot path of every write).
pub(crate) fn meta_str<'a>(obj: &'a Object, key: &str) -> &'a str {
    obj.get("metadata").and_then(|m| m.get(key)).and_then(Value::as_str).unwrap_or("")
}

fn registry_info(rt: &kubeplay_model::ResourceType) -> ResInfo {
    ResInfo {
        plural: rt.plural.to_string(),
        group: rt.group.to_string(),
        version: rt.version.to_string(),
        kind: rt.kind.to_string(),
        namespaced: rt.namespaced,
    }
}

fn well_formed_kind(kind: &str) -> bool {
    let mut c = kind.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic()) && kind.chars().all(|c| c.is_ascii_alphanumeric())
}

fn well_formed_api_version(av: &str) -> bool {
    !av.is_empty()
        && av.split('/').count() <= 2
        && av
            .split('/')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'))
}

impl ApiServer {
    /// An empty store (the cluster crate bootstraps namespaces, nodes and services).
    pub fn new() -> Self {
        ApiServer {
            objects: BTreeMap::new(),
            owned: BTreeMap::new(),
            pods: PodIndex::default(),
            rv: 0,
            log: Vec::new(),
            compacted: 0,
            infos: kubeplay_model::RESOURCES
                .iter()
                .map(|rt| (rt.plural.to_string(), Arc::new(registry_info(rt))))
                .collect(),
            ips: IpAllocator::default(),
            ports: PortAllocator::default(),
        }
    }

    /// The current cluster-wide revision.
    pub fn resource_version(&self) -> u64 {
        self.rv
    }

    /// The plural resource name for apiVersion/kind: registry kinds, else a generic
    /// lowercase-kind+"s" for unknown well-formed kinds (stored, not simulated).
    pub fn resource_for(&self, api_version: &str, kind: &str) -> Option<String> {
        self.info_for_kind(api_version, kind).ok().map(|i| i.plural.clone())
    }

    pub(crate) fn info_for_kind(&self, api_version: &str, kind: &str) -> Result<Arc<ResInfo>, ApiError> {
        if let Some(rt) = by_kind(api_version, kind) {
            if let Some(i) = self.infos.get(rt.plural) {
                return Ok(i.clone());
            }
            return Ok(Arc::new(registry_info(rt)));
        }
        let no_match =
            || ApiError::bad_request(format!("no matches for kind {kind:?} in version {api_version:?}"));
        if kind.is_empty() {
            return Err(ApiError::bad_request("Object 'Kind' is missing"));
        }
        if api_version.is_empty() {
            return Err(ApiError::bad_request("Object 'apiVersion' is missing"));
        }
        // A registry kind under the wrong version is a mapping error, never a new generic kind.
        if kubeplay_model::RESOURCES.iter().any(|r| r.kind == kind) {
            return Err(no_match());
        }
        if !well_formed_kind(kind) || !well_formed_api_version(api_version) {
            return Err(no_match());
        }
        let (group, version) = match api_version.split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), api_version.to_string()),
        };
        let plural = format!("{}s", kind.to_ascii_lowercase());
        if let Some(g) = self.infos.get(&plural) {
            if g.kind != kind || g.group != group || by_plural(&plural).is_some() {
                return Err(no_match());
            }
            return Ok(g.clone());
        }
        if by_plural(&plural).is_some() {
            return Err(no_match());
        }
        Ok(Arc::new(ResInfo { plural, group, version, kind: kind.to_string(), namespaced: true }))
    }

    pub(crate) fn info_for_plural(&self, resource: &str) -> Option<Arc<ResInfo>> {
        self.infos.get(resource).cloned()
    }

    fn qualified_plural(&self, resource: &str) -> String {
        self.info_for_plural(resource).map(|i| i.qualified()).unwrap_or_else(|| resource.to_string())
    }

    pub fn get(&self, resource: &str, ns: &str, name: &str) -> Result<Arc<Object>, ApiError> {
        self.lookup(resource, ns, name)
            .cloned()
            .ok_or_else(|| ApiError::not_found(&self.qualified_plural(resource), name))
    }

    pub(crate) fn lookup(&self, resource: &str, ns: &str, name: &str) -> Option<&Arc<Object>> {
        self.objects.get(resource)?.get(ns)?.get(name)
    }

    /// `None` = all namespaces; sorted by (namespace, name).
    pub fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Arc<Object>> {
        let Some(by_ns) = self.objects.get(resource) else { return Vec::new() };
        match ns {
            Some(ns) => by_ns.get(ns).map(|m| m.values().cloned().collect()).unwrap_or_default(),
            None => by_ns.values().flat_map(|m| m.values().cloned()).collect(),
        }
    }

    pub fn list_selected(&self, resource: &str, ns: Option<&str>, sel: &LabelSelector) -> Vec<Arc<Object>> {
        let Some(by_ns) = self.objects.get(resource) else { return Vec::new() };
        let empty = serde_json::Map::new();
        // Reads the labels in place: no per-object map copy on a 10,000-pod scan.
        let matches = |o: &&Arc<Object>| {
            sel.matches(o.at("metadata.labels").and_then(Value::as_object).unwrap_or(&empty))
        };
        match ns {
            Some(ns) => {
                by_ns.get(ns).map(|m| m.values().filter(matches).cloned().collect()).unwrap_or_default()
            }
            None => by_ns.values().flat_map(|m| m.values().filter(matches).cloned()).collect(),
        }
    }

    /// Objects of `resource` whose controller ownerReference has this uid, sorted by
    /// (namespace, name). O(result) through the owner index.
    pub fn list_owned_by(&self, resource: &str, owner_uid: &str) -> Vec<Arc<Object>> {
        let Some(keys) = self.owned.get(resource).and_then(|m| m.get(owner_uid)) else { return Vec::new() };
        keys.iter().filter_map(|(ns, name)| self.lookup(resource, ns, name).cloned()).collect()
    }

    /// The pods whose controller ownerReference has this uid, counted per label set at `now`:
    /// what a ReplicaSet's status needs, without visiting each pod (see `pod_index`).
    pub fn owned_pod_summary(
        &self,
        owner_uid: &str,
        min_ready_seconds: i64,
        now: SimTime,
    ) -> Vec<GroupSummary> {
        self.pods
            .owner_groups(owner_uid)
            .map(|g| pod_index::summarize(g, min_ready_seconds, now))
            .unwrap_or_default()
    }

    /// Pods in `ns` without a controller ownerReference (candidates for adoption).
    pub fn orphan_pods(&self, ns: &str) -> Vec<Arc<Object>> {
        self.pods.orphans(ns).filter_map(|name| self.lookup("pods", ns, name).cloned()).collect()
    }

    /// What the non-terminal pods bound to `node` request (the scheduler cache's view).
    pub fn node_usage(&self, node: &str) -> NodeUsage {
        self.pods.node_usage(node).cloned().unwrap_or_default()
    }

    /// The watch log: every change with rv > `since`, in order.
    pub fn events_since(&self, since: u64) -> &[WatchEvent] {
        let start = self.log.partition_point(|e| e.rv <= since);
        &self.log[start..]
    }

    /// Drops watch-log entries with rv <= `upto`.
    pub fn compact(&mut self, upto: u64) {
        let n = self.log.partition_point(|e| e.rv <= upto);
        self.log.drain(..n);
        self.compacted = self.compacted.max(upto);
    }

    /// Whether [`ApiServer::events_since`]`(since)` still holds every change after `since`
    /// (a watcher that fell further behind must list again, as after "410 Gone").
    pub fn watch_complete_since(&self, since: u64) -> bool {
        since >= self.compacted
    }

    /// Whether any namespaced object still lives in `ns`.
    pub(crate) fn namespace_has_content(&self, ns: &str) -> bool {
        self.objects.values().any(|by_ns| by_ns.get(ns).is_some_and(|m| !m.is_empty()))
    }

    /// Number of stored objects of one resource (all namespaces).
    pub fn count(&self, resource: &str) -> usize {
        self.objects.get(resource).map(|m| m.values().map(BTreeMap::len).sum()).unwrap_or(0)
    }

    // ---- commits: the only code that mutates the maps ----

    /// The controller owner's uid and the object's key, read without copying the object.
    fn owner_key(obj: &Object) -> Option<(&str, &str, &str)> {
        let meta = obj.get("metadata")?;
        let uid = meta
            .get("ownerReferences")?
            .as_array()?
            .iter()
            .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))?
            .get("uid")?
            .as_str()?;
        let ns = meta.get("namespace").and_then(Value::as_str).unwrap_or("");
        let name = meta.get("name").and_then(Value::as_str).unwrap_or("");
        Some((uid, ns, name))
    }

    fn index_owner(&mut self, resource: &str, obj: &Object, add: bool) {
        let Some((uid, ns, name)) = Self::owner_key(obj) else { return };
        let key = (ns.to_string(), name.to_string());
        if add {
            let by_uid = match self.owned.get_mut(resource) {
                Some(m) => m,
                None => self.owned.entry(resource.to_string()).or_default(),
            };
            match by_uid.get_mut(uid) {
                Some(set) => {
                    set.insert(key);
                }
                None => {
                    by_uid.insert(uid.to_string(), [key].into_iter().collect());
                }
            }
        } else if let Some(m) = self.owned.get_mut(resource) {
            if let Some(set) = m.get_mut(uid) {
                set.remove(&key);
                if set.is_empty() {
                    m.remove(uid);
                }
            }
        }
    }

    /// Stores `obj` under a fresh revision and logs the event.
    pub(crate) fn commit_put(
        &mut self,
        info: &ResInfo,
        mut obj: Object,
        type_: WatchEventType,
    ) -> Arc<Object> {
        self.rv += 1;
        let rv = self.rv;
        obj.meta_mut().insert("resourceVersion".into(), Value::String(rv.to_string()));
        let obj = Arc::new(obj);
        if !self.infos.contains_key(&info.plural) {
            self.infos.insert(info.plural.clone(), Arc::new(info.clone()));
        }
        let ns = meta_str(&obj, "namespace").to_string();
        let name = meta_str(&obj, "name").to_string();
        let by_ns = match self.objects.get_mut(&info.plural) {
            Some(m) => m,
            None => self.objects.entry(info.plural.clone()).or_default(),
        };
        let names = match by_ns.get_mut(&ns) {
            Some(m) => m,
            None => by_ns.entry(ns).or_default(),
        };
        let old = names.insert(name, obj.clone());
        // Most writes keep the controller reference: the index only moves when it changes.
        let new_key = Self::owner_key(&obj);
        let same_owner = old.as_ref().is_some_and(|o| Self::owner_key(o) == new_key);
        if !same_owner {
            if let Some(old) = old {
                self.index_owner(&info.plural, &old, false);
            }
            self.index_owner(&info.plural, &obj, true);
        }
        if info.plural == "pods" {
            self.pods.update(meta_str(&obj, "namespace"), meta_str(&obj, "name"), Some(&obj));
        }
        self.log.push(WatchEvent { type_, resource: info.plural.clone(), object: obj.clone(), rv });
        obj
    }

    /// Removes an object for good under a fresh revision; releases what it held.
    pub(crate) fn commit_remove(&mut self, info: &ResInfo, ns: &str, name: &str) -> Option<Arc<Object>> {
        let by_ns = self.objects.get_mut(&info.plural)?;
        let names = by_ns.get_mut(ns)?;
        let old = names.remove(name)?;
        if names.is_empty() {
            by_ns.remove(ns);
        }
        self.index_owner(&info.plural, &old, false);
        if info.plural == "pods" {
            self.pods.update(ns, name, None);
        }
        if info.plural == "services" {
            self.release_service(&old);
        }
        self.rv += 1;
        let rv = self.rv;
        let mut last = (*old).clone();
        last.meta_mut().insert("resourceVersion".into(), Value::String(rv.to_string()));
        let last = Arc::new(last);
        self.log.push(WatchEvent {
            type_: WatchEventType::Deleted,
            resource: info.plural.clone(),
            object: last.clone(),
            rv,
        });
        Some(last)
    }
}

/// The lister every reconciler reads through, answered from the maps and the pod indexes.
impl kubeplay_model::Store for ApiServer {
    fn get(&self, resource: &str, ns: &str, name: &str) -> Option<Arc<Object>> {
        self.lookup(resource, ns, name).cloned()
    }
    fn list(&self, resource: &str, ns: Option<&str>) -> Vec<Arc<Object>> {
        ApiServer::list(self, resource, ns)
    }
    fn list_selected(&self, resource: &str, ns: Option<&str>, sel: &LabelSelector) -> Vec<Arc<Object>> {
        ApiServer::list_selected(self, resource, ns, sel)
    }
    fn list_owned_by(&self, resource: &str, owner_uid: &str) -> Vec<Arc<Object>> {
        ApiServer::list_owned_by(self, resource, owner_uid)
    }
    fn owned_pod_summary(&self, owner_uid: &str, min_ready_seconds: i64, now: SimTime) -> Vec<GroupSummary> {
        ApiServer::owned_pod_summary(self, owner_uid, min_ready_seconds, now)
    }
    fn orphan_pods(&self, ns: &str) -> Vec<Arc<Object>> {
        ApiServer::orphan_pods(self, ns)
    }
    fn node_usage(&self, node: &str) -> NodeUsage {
        ApiServer::node_usage(self, node)
    }
}
