//! The timeline's Events kept in `kubectl events` order as they change, so a redraw costs the
//! rows it shows rather than a parse and sort of every Event in the store (thousands during a
//! big rollout, redrawn ten times a second).

use kubeplay_apiserver::{ApiServer, WatchEventType};
use kubeplay_model::time::{human_duration, SimTime};
use kubeplay_model::ObjectExt;
use kubeplay_view::timeline::timeline_row;
use kubeplay_view::TimelineRow;
use std::collections::BTreeMap;

/// `kubectl events` order: last seen, first seen, then the Event's name (namespace breaks ties
/// between same-named Events so no two share a key).
type Key = (Option<SimTime>, Option<SimTime>, String, String);

#[derive(Default)]
pub struct EventIndex {
    /// The store revision the index reflects.
    rv: u64,
    rows: BTreeMap<Key, TimelineRow>,
    /// (namespace, name) → the Event's key, to move or drop it when it changes.
    keys: BTreeMap<(String, String), Key>,
    /// Full re-lists (first use, or the watch log was compacted past `rv`).
    pub relists: u64,
}

impl EventIndex {
    /// Catches up with the store: from the watch log when it still holds every change since
    /// the last look, by listing every Event otherwise.
    pub fn update(&mut self, api: &ApiServer, now: SimTime) {
        let current = api.resource_version();
        if current == self.rv && self.relists > 0 {
            return;
        }
        if self.relists == 0 || !api.watch_complete_since(self.rv) {
            self.relists += 1;
            self.rows.clear();
            self.keys.clear();
            for e in api.list("events", None) {
                self.put(&e, now);
            }
        } else {
            for ev in api.events_since(self.rv).iter().filter(|ev| ev.resource == "events") {
                match ev.type_ {
                    WatchEventType::Deleted => self.remove(ev.object.namespace(), ev.object.name()),
                    _ => self.put(&ev.object, now),
                }
            }
        }
        self.rv = current;
    }

    fn put(&mut self, e: &serde_json::Value, now: SimTime) {
        let row = timeline_row(e, now);
        self.remove(&row.namespace, &row.name);
        let key = (row.last_seen, row.first_seen, row.name.clone(), row.namespace.clone());
        self.keys.insert((row.namespace.clone(), row.name.clone()), key.clone());
        self.rows.insert(key, row);
    }

    fn remove(&mut self, ns: &str, name: &str) {
        if let Some(k) = self.keys.remove(&(ns.to_string(), name.to_string())) {
            self.rows.remove(&k);
        }
    }

    /// How many Events the index holds.
    pub fn count(&self) -> usize {
        self.rows.len()
    }

    /// The newest `limit` rows (all with None), oldest first, with ages as of `now`.
    pub fn newest(&self, limit: Option<usize>, now: SimTime) -> Vec<TimelineRow> {
        let n = limit.unwrap_or(usize::MAX).min(self.rows.len());
        let mut out: Vec<TimelineRow> = self
            .rows
            .values()
            .rev()
            .take(n)
            .map(|r| TimelineRow {
                age: r
                    .last_seen
                    .map_or_else(|| "<unknown>".to_string(), |t| human_duration(now.millis() - t.millis())),
                ..r.clone()
            })
            .collect();
        out.reverse();
        out
    }
}
