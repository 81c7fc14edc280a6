//! The event recorder (client-go `tools/record`: `event.go`, `events_cache.go`).
//!
//! Each event goes through the correlator as client-go does: the aggregator (more than 10
//! events with the same source, object, type and reason but different messages within 10
//! minutes become one `(combined from similar events): …` event), the logger (an identical event
//! updates the existing Event: count+1, lastTimestamp), then the spam filter (a token bucket per
//! source and object: burst 25, one token per 5 minutes; a filtered event is not written, but
//! its count is remembered). Events are written through the API server like any object; the
//! runtime does not map Event watch events to work, so recording never triggers controllers.
//! The three caches are LRU caches of 4096 entries, as client-go's (`maxLruCacheEntries`), so a
//! long session's memory does not grow with every pod that ever existed.

//!
//! Retention (kube-apiserver's `--event-ttl`): every write of an Event, by anyone, starts a one-hour
//! lease; when it runs out the Event is deleted. The recorder sees every Event write through the
//! watch log ([`EventRecorder::observe`]) and keeps an index ordered by expiry, so the runtime
//! finds what is due by looking at its first entry: nothing is scanned while nothing is due. A
//! playground cap bounds the Events of a namespace as well.

use std::collections::{BTreeMap, BTreeSet};

use kubeplay_apiserver::{ApiServer, Ctx, DeleteOptions, WatchEvent, WatchEventType};
use kubeplay_model::write::EventSpec;
use kubeplay_model::{ObjectExt, SimRng, SimTime};
use serde_json::{json, Value};

/// kube-apiserver `--event-ttl` default (1h0m0s): an Event lives this long after its last write.
pub const EVENT_TTL_MS: i64 = 3_600_000;
/// Playground limit on stored Events per namespace (upstream has only the TTL and etcd's quota):
/// a crash-looping storm cannot grow memory without bound. Past it, the Event written longest ago
/// (the oldest lastTimestamp, for the recorder's Events) is deleted first.
pub const MAX_EVENTS_PER_NAMESPACE: usize = 5_000;

const MAX_LRU_EVENTS: usize = 10;
const AGGREGATE_INTERVAL_MS: i64 = 600_000;
const SPAM_BURST: f64 = 25.0;
const SPAM_REFILL_MS: f64 = 300_000.0;

#[derive(Clone, Debug)]
struct Observed {
    namespace: String,
    name: String,
    count: i64,
    first: String,
}

#[derive(Clone, Debug, Default)]
struct AggregateRecord {
    local_keys: BTreeSet<String>,
    last: SimTime,
}

#[derive(Clone, Debug)]
struct Bucket {
    tokens: f64,
    last: SimTime,
}

/// Where each stored Event sits in the expiry order: `(expiry, write sequence)`.
type Lease = (SimTime, u64);

/// The Events' leases, ordered by expiry globally and per namespace (the same order: every lease
/// is one TTL long, so expiry order is last-write order).
#[derive(Clone, Debug, Default)]
struct Retention {
    by_expiry: BTreeMap<Lease, (String, String)>,
    per_namespace: BTreeMap<String, BTreeMap<Lease, String>>,
    live: BTreeMap<(String, String), Lease>,
    /// Namespaces over [`MAX_EVENTS_PER_NAMESPACE`] since the last sweep.
    over_cap: BTreeSet<String>,
    seq: u64,
}

impl Retention {
    fn forget(&mut self, ns: &str, name: &str) {
        let Some(lease) = self.live.remove(&(ns.to_string(), name.to_string())) else { return };
        self.by_expiry.remove(&lease);
        if let Some(m) = self.per_namespace.get_mut(ns) {
            m.remove(&lease);
            if m.is_empty() {
                self.per_namespace.remove(ns);
            }
        }
    }

    fn renew(&mut self, ns: &str, name: &str, now: SimTime) {
        self.forget(ns, name);
        self.seq += 1;
        let lease = (now.plus_millis(EVENT_TTL_MS), self.seq);
        self.by_expiry.insert(lease, (ns.to_string(), name.to_string()));
        let m = self.per_namespace.entry(ns.to_string()).or_default();
        m.insert(lease, name.to_string());
        if m.len() > MAX_EVENTS_PER_NAMESPACE {
            self.over_cap.insert(ns.to_string());
        }
        self.live.insert((ns.to_string(), name.to_string()), lease);
    }
}

/// client-go's `maxLruCacheEntries`.
const MAX_LRU_CACHE_ENTRIES: usize = 4096;

/// A least-recently-used map of at most `MAX_LRU_CACHE_ENTRIES` (the correlator's caches):
/// every read or write makes an entry the most recent; the least recent goes when it is full.
#[derive(Clone, Debug)]
struct Lru<V> {
    entries: BTreeMap<String, (u64, V)>,
    /// use tick → key, oldest first.
    order: BTreeMap<u64, String>,
    tick: u64,
}

impl<V> Default for Lru<V> {
    fn default() -> Self {
        Lru { entries: BTreeMap::new(), order: BTreeMap::new(), tick: 0 }
    }
}

impl<V> Lru<V> {
    fn touch(&mut self, key: &str) -> Option<&mut V> {
        let (t, v) = self.entries.get_mut(key)?;
        self.order.remove(t);
        self.tick += 1;
        *t = self.tick;
        self.order.insert(self.tick, key.to_string());
        Some(v)
    }

    fn get(&mut self, key: &str) -> Option<&V> {
        self.touch(key).map(|v| &*v)
    }

    fn insert(&mut self, key: String, value: V) {
        if let Some(v) = self.touch(&key) {
            *v = value;
            return;
        }
        if self.entries.len() >= MAX_LRU_CACHE_ENTRIES {
            if let Some((_, oldest)) = self.order.pop_first() {
                self.entries.remove(&oldest);
            }
        }
        self.tick += 1;
        self.order.insert(self.tick, key.clone());
        self.entries.insert(key, (self.tick, value));
    }

    fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        if self.touch(key).is_none() {
            self.insert(key.to_string(), make());
        }
        &mut self.entries.get_mut(key).expect("just inserted").1
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.len()
    }
}

#[derive(Clone, Debug, Default)]
pub struct EventRecorder {
    logger: Lru<Observed>,
    aggregator: Lru<AggregateRecord>,
    spam: Lru<Bucket>,
    retention: Retention,
    /// Events written (created or updated), for statistics and tests.
    pub written: u64,
    /// Events deleted by retention (TTL or the per-namespace cap).
    pub expired: u64,
}

fn involved_object(spec: &EventSpec) -> Value {
    let o = &spec.involved;
    let mut v = json!({
        "kind": o.kind(),
        "name": o.name(),
        "uid": o.uid(),
        "apiVersion": o.api_version(),
        "resourceVersion": o.resource_version(),
    });
    if !o.namespace().is_empty() {
        v["namespace"] = json!(o.namespace());
    }
    if !spec.field_path.is_empty() {
        v["fieldPath"] = json!(spec.field_path);
    }
    v
}

impl EventRecorder {
    /// Notes an Event write from the watch log: a create or update starts a fresh lease, a delete
    /// ends it.
    pub fn observe(&mut self, ev: &WatchEvent, now: SimTime) {
        let (ns, name) = (ev.object.namespace(), ev.object.name());
        match ev.type_ {
            WatchEventType::Deleted => self.retention.forget(ns, name),
            WatchEventType::Added | WatchEventType::Modified => self.retention.renew(ns, name, now),
        }
    }

    /// When the next lease runs out, or a namespace over the cap waits for its sweep (now).
    pub fn next_expiry(&self, now: SimTime) -> Option<SimTime> {
        if !self.retention.over_cap.is_empty() {
            return Some(now);
        }
        self.retention.by_expiry.first_key_value().map(|((at, _), _)| *at)
    }

    /// Deletes the Events whose lease ran out at or before `until`, each at its own instant
    /// (`now` follows), then trims namespaces over the cap, oldest first. True if anything was
    /// deleted (the caller drains the watch log). Costs one map lookup when nothing is due.
    pub fn expire_due(
        &mut self,
        api: &mut ApiServer,
        rng: &mut SimRng,
        now: &mut SimTime,
        until: SimTime,
    ) -> bool {
        let mut deleted = false;
        while let Some((&(at, seq), _)) = self.retention.by_expiry.first_key_value() {
            if at > until {
                break;
            }
            let Some((ns, name)) = self.retention.by_expiry.remove(&(at, seq)) else { break };
            *now = (*now).max(at);
            deleted |= self.delete(api, rng, *now, &ns, &name);
        }
        while let Some(ns) = self.retention.over_cap.pop_first() {
            loop {
                let oldest = match self.retention.per_namespace.get(&ns) {
                    Some(m) if m.len() > MAX_EVENTS_PER_NAMESPACE => {
                        m.first_key_value().map(|(_, n)| n.clone())
                    }
                    _ => None,
                };
                let Some(name) = oldest else { break };
                deleted |= self.delete(api, rng, *now, &ns, &name);
            }
        }
        deleted
    }

    fn delete(&mut self, api: &mut ApiServer, rng: &mut SimRng, now: SimTime, ns: &str, name: &str) -> bool {
        // The index forgets it now; the Deleted watch event finds nothing left to forget.
        self.retention.forget(ns, name);
        let mut ctx = Ctx { now, rng, manager: "kube-apiserver", dry_run: false };
        let ok = api.delete(&mut ctx, "events", ns, name, &DeleteOptions::default()).is_ok();
        if ok {
            self.expired += 1;
        }
        ok
    }

    pub fn record(&mut self, api: &mut ApiServer, rng: &mut SimRng, now: SimTime, spec: &EventSpec) {
        let inv = &spec.involved;
        let source = format!("{}\u{1}{}", spec.component, spec.host);
        let object_key = format!(
            "{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}",
            inv.kind(),
            inv.namespace(),
            inv.name(),
            inv.uid(),
            inv.api_version()
        );
        let aggregate_key = format!("{source}\u{1}{object_key}\u{1}{}\u{1}{}", spec.type_, spec.reason);

        // Aggregation.
        let rec = self.aggregator.get_or_insert_with(&aggregate_key, AggregateRecord::default);
        if now.millis() - rec.last.millis() > AGGREGATE_INTERVAL_MS {
            *rec = AggregateRecord::default();
        }
        rec.local_keys.insert(spec.message.clone());
        rec.last = now;
        let (message, key) = if rec.local_keys.len() < MAX_LRU_EVENTS {
            // `getEventKey`: also the involved object's fieldPath and the message.
            (spec.message.clone(), format!("{aggregate_key}\u{1}{}\u{1}{}", spec.field_path, spec.message))
        } else {
            rec.local_keys.pop_first();
            (format!("(combined from similar events): {}", spec.message), aggregate_key)
        };

        // Observation (dedup).
        let ns = if inv.namespace().is_empty() { "default".to_string() } else { inv.namespace().to_string() };
        let existing = self.logger.get(&key).cloned();
        let observed = match existing {
            Some(mut o) => {
                o.count += 1;
                o
            }
            None => {
                Observed { namespace: ns.clone(), name: String::new(), count: 1, first: now.to_rfc3339() }
            }
        };

        // Spam filter, after observation (the count keeps growing while filtered).
        let spam_key = format!("{source}\u{1}{object_key}");
        let bucket = self.spam.get_or_insert_with(&spam_key, || Bucket { tokens: SPAM_BURST, last: now });
        let refill = (now.millis() - bucket.last.millis()).max(0) as f64 / SPAM_REFILL_MS;
        bucket.tokens = (bucket.tokens + refill).min(SPAM_BURST);
        bucket.last = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        let mut observed = observed;
        if !allowed {
            self.logger.insert(key, observed);
            return;
        }

        let mut ctx = Ctx { now, rng, manager: spec.component, dry_run: false };
        let body = |name: &str, count: i64, first: &str| {
            let mut e = json!({
                "apiVersion": "v1",
                "kind": "Event",
                "metadata": {"name": name, "namespace": observed.namespace},
                "involvedObject": involved_object(spec),
                "reason": spec.reason,
                "message": message,
                "source": {"component": spec.component},
                "firstTimestamp": first,
                "lastTimestamp": now.to_rfc3339(),
                "count": count,
                "type": spec.type_,
                "eventTime": null,
                "reportingComponent": spec.component,
                "reportingInstance": spec.host,
            });
            if !spec.host.is_empty() {
                e["source"]["host"] = json!(spec.host);
            }
            e
        };
        if observed.count > 1 && !observed.name.is_empty() {
            if let Ok(live) = api.get("events", &observed.namespace, &observed.name) {
                let mut updated = (*live).clone();
                updated["count"] = json!(observed.count);
                updated["lastTimestamp"] = json!(now.to_rfc3339());
                updated["message"] = json!(message);
                if api.update(&mut ctx, updated).is_ok() {
                    self.written += 1;
                    self.logger.insert(key, observed);
                    return;
                }
            }
        }
        // `<involved name>.<hex UnixNano>`, bumped by a nanosecond when taken.
        let mut nanos = now.millis().saturating_mul(1_000_000);
        let mut name = format!("{}.{:x}", inv.name(), nanos);
        while api.get("events", &observed.namespace, &name).is_ok() {
            nanos += 1;
            name = format!("{}.{:x}", inv.name(), nanos);
        }
        let first = observed.first.clone();
        let obj = body(&name, observed.count, &first);
        let ns = observed.namespace.clone();
        if api.create(&mut ctx, &ns, obj).is_ok() {
            self.written += 1;
            observed.name = name;
        }
        self.logger.insert(key, observed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn correlator_caches_keep_the_4096_most_recently_used() {
        let mut lru: Lru<u32> = Lru::default();
        for i in 0..MAX_LRU_CACHE_ENTRIES as u32 {
            lru.insert(format!("k{i}"), i);
        }
        // Reading k0 makes it recent, so k1 is the one that goes when k-new arrives.
        assert_eq!(lru.get("k0"), Some(&0));
        lru.insert("k-new".into(), 7);
        assert_eq!(lru.len(), MAX_LRU_CACHE_ENTRIES);
        assert_eq!(lru.get("k1"), None);
        assert_eq!(lru.get("k0"), Some(&0));
        *lru.get_or_insert_with("k2", || 99) += 1;
        assert_eq!(lru.get("k2"), Some(&3), "an existing entry is kept, not replaced");
        assert_eq!(*lru.get_or_insert_with("fresh", || 5), 5);
        assert_eq!(lru.len(), MAX_LRU_CACHE_ENTRIES);
    }

    fn setup() -> (ApiServer, SimRng, SimTime, Value) {
        let mut api = ApiServer::new();
        let mut rng = SimRng::new(1);
        let now = kubeplay_model::time::DEFAULT_EPOCH;
        let mut ctx = Ctx { now, rng: &mut rng, manager: "t", dry_run: false };
        api.create(
            &mut ctx,
            "",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}),
        )
        .expect("ns");
        let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web-1", "namespace": "default", "uid": "u1", "resourceVersion": "7"}});
        (api, rng, now, rs)
    }

    fn spec(involved: &Value, reason: &str, message: &str) -> EventSpec {
        EventSpec {
            involved: involved.into(),
            field_path: String::new(),
            type_: "Normal",
            reason: reason.into(),
            message: message.into(),
            component: "replicaset-controller",
            host: String::new(),
        }
    }

    #[test]
    fn identical_events_bump_count_and_last_timestamp() {
        let (mut api, mut rng, now, rs) = setup();
        let mut r = EventRecorder::default();
        r.record(&mut api, &mut rng, now, &spec(&rs, "SuccessfulCreate", "Created pod: a"));
        r.record(&mut api, &mut rng, now.plus_secs(5), &spec(&rs, "SuccessfulCreate", "Created pod: a"));
        let evs = api.list("events", Some("default"));
        assert_eq!(evs.len(), 1);
        let e = &evs[0];
        assert_eq!(e.i64_at("count"), Some(2));
        assert_eq!(e.str_at("firstTimestamp"), Some("2025-03-01T10:00:00Z"));
        assert_eq!(e.str_at("lastTimestamp"), Some("2025-03-01T10:00:05Z"));
        assert_eq!(e.name(), format!("web-1.{:x}", now.millis() * 1_000_000));
        assert_eq!(e.str_at("source.component"), Some("replicaset-controller"));
        assert_eq!(e.str_at("involvedObject.kind"), Some("ReplicaSet"));
        assert_eq!(e.str_at("involvedObject.uid"), Some("u1"));
        assert_eq!(e.str_at("involvedObject.resourceVersion"), Some("7"));
    }

    #[test]
    fn similar_events_are_combined_after_ten_and_spam_is_filtered_after_25() {
        let (mut api, mut rng, now, rs) = setup();
        let mut r = EventRecorder::default();
        for i in 0..40 {
            r.record(
                &mut api,
                &mut rng,
                now,
                &spec(&rs, "SuccessfulCreate", &format!("Created pod: p{i:02}")),
            );
        }
        let evs = api.list("events", Some("default"));
        // 9 individual events, then one combined event.
        assert_eq!(evs.len(), 10);
        let combined: Vec<_> = evs
            .iter()
            .filter(|e| {
                e.str_at("message").is_some_and(|m| m.starts_with("(combined from similar events): "))
            })
            .collect();
        assert_eq!(combined.len(), 1);
        // 25 writes got through the spam filter: 9 + the combined one created + 15 updates.
        assert_eq!(r.written, 25);
        assert_eq!(combined[0].i64_at("count"), Some(16));
        assert_eq!(combined[0].str_at("message"), Some("(combined from similar events): Created pod: p24"));
        // Five minutes later one more token is available; the count includes the filtered ones.
        r.record(&mut api, &mut rng, now.plus_secs(300), &spec(&rs, "SuccessfulCreate", "Created pod: p99"));
        let evs = api.list("events", Some("default"));
        let c = evs
            .iter()
            .find(|e| e.str_at("message").is_some_and(|m| m.starts_with("(combined")))
            .expect("combined");
        assert_eq!(c.i64_at("count"), Some(32));
    }

    /// Retention through the runtime: the lease is renewed by the watch log, the deletion happens
    /// on the virtual clock.
    mod retention {
        use super::spec;
        use crate::{Cluster, ClusterConfig};
        use kubeplay_model::ObjectExt;
        use serde_json::{json, Value};
        #[cfg(target_arch = "wasm32")]
        use wasm_bindgen_test::wasm_bindgen_test as test;

        fn cm(name: &str) -> Value {
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "default", "uid": format!("uid-{name}")}})
        }

        fn count_of(c: &Cluster, involved: &str) -> Option<i64> {
            c.api()
                .list("events", Some("default"))
                .into_iter()
                .find(|e| e.str_at("involvedObject.name") == Some(involved))
                .and_then(|e| e.i64_at("count"))
        }

        #[test]
        fn an_event_is_deleted_one_hour_after_its_last_write() {
            let mut c = Cluster::new(ClusterConfig::default());
            c.record_event(spec(&cm("cfg"), "Tested", "once"));
            c.advance(super::EVENT_TTL_MS - 1_000);
            assert_eq!(count_of(&c, "cfg"), Some(1));
            let expired = c.recorder.expired;
            c.advance(1_000);
            assert_eq!(count_of(&c, "cfg"), None);
            assert!(c.recorder.expired > expired);
            // Bootstrap's own Events (node registration, written at the start) are gone too.
            assert!(c.api().list("events", None).is_empty(), "{:?}", c.api().list("events", None));
        }

        #[test]
        fn an_updated_event_gets_a_fresh_ttl() {
            let mut c = Cluster::new(ClusterConfig::default());
            c.record_event(spec(&cm("cfg"), "Tested", "again"));
            c.advance(40 * 60_000);
            c.record_event(spec(&cm("cfg"), "Tested", "again"));
            assert_eq!(count_of(&c, "cfg"), Some(2));
            // 70 minutes after the first write, 30 after the update: kept.
            c.advance(30 * 60_000);
            assert_eq!(count_of(&c, "cfg"), Some(2));
            // One hour after the update: gone.
            c.advance(30 * 60_000);
            assert_eq!(count_of(&c, "cfg"), None);
        }

        #[test]
        fn a_namespace_keeps_at_most_5000_events_dropping_the_oldest() {
            let mut c = Cluster::new(ClusterConfig::default());
            let before = c.api().list("events", Some("default")).len();
            let n = 5_005;
            for i in 0..n {
                c.record_event(spec(&cm(&format!("cm-{i:04}")), "Tested", "storm"));
                c.advance(1);
            }
            let left = c.api().list("events", Some("default"));
            assert_eq!(left.len(), super::MAX_EVENTS_PER_NAMESPACE);
            // The oldest go first: whatever was there before, then the first of the storm.
            let dropped = before + n - super::MAX_EVENTS_PER_NAMESPACE;
            let first_kept = dropped - before;
            assert_eq!(count_of(&c, &format!("cm-{:04}", first_kept - 1)), None);
            assert_eq!(count_of(&c, &format!("cm-{first_kept:04}")), Some(1));
            assert_eq!(count_of(&c, &format!("cm-{:04}", n - 1)), Some(1));
        }

        #[test]
        fn the_next_wakeup_includes_the_next_expiry() {
            let mut c = Cluster::new(ClusterConfig::default());
            // Let bootstrap's own events expire and periodic work settle.
            c.advance(2 * super::EVENT_TTL_MS);
            let now = c.now();
            c.record_event(spec(&cm("cfg"), "Tested", "wake"));
            let wake = c.next_wakeup().expect("an expiry is scheduled");
            assert!(wake <= now.plus_millis(super::EVENT_TTL_MS), "{wake:?}");
        }
    }
}
