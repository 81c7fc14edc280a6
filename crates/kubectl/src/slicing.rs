//! Sliced mode, for the browser: the clock's advances, the settling after a command and the
//! replay of a saved session are begun by the call that causes them and then done by
//! [`Session::work`] a budget at a time, between frames, so no call blocks the page for long.
//!
//! The outcome is the same as unsliced: work is done in the same order (see
//! `kubeplay_cluster::Cluster::advance_some`), and recording any action first finishes what is
//! owed, so the action log replays to the same cluster either way.

use kubeplay_cluster::{Progress, UNLIMITED};
use kubeplay_model::SimTime;

use crate::action::Action;
use crate::session::{Session, WaitMode};
use kubeplay_cluster::ClusterConfig;

/// Work the session owes the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pending {
    /// After a command: the work due at the current instant.
    Settle,
    /// The clock moving to this instant.
    Advance(SimTime),
}

impl Session {
    /// Switches sliced mode on or off (off finishes what is owed first).
    pub fn set_sliced(&mut self, on: bool) {
        if !on {
            self.catch_up();
        }
        self.sliced = on;
    }

    pub fn sliced(&self) -> bool {
        self.sliced
    }

    /// A session rebuilt from `actions` in sliced mode: the replay itself is owed work, so the
    /// caller can spread it over frames with [`Session::work`].
    pub fn replay_sliced(cfg: ClusterConfig, mode: WaitMode, actions: &[Action]) -> Session {
        let mut s = Session::new(cfg, mode);
        s.sliced = true;
        s.queued = actions.iter().cloned().collect();
        s
    }

    /// True when no work is owed.
    pub fn idle(&self) -> bool {
        self.pending.is_none() && self.queued.is_empty()
    }

    /// Actions of a sliced replay still to be replayed (the saved log is `actions()` then these).
    pub fn queued_actions(&self) -> impl Iterator<Item = &Action> {
        self.queued.iter()
    }

    /// Does up to `budget` units of owed work (a unit is a work item, a write or a replayed
    /// action); true when nothing is owed any more.
    pub fn work(&mut self, budget: usize) -> bool {
        let mut budget = budget;
        loop {
            if let Some(p) = self.pending {
                let end = match p {
                    Pending::Settle => self.cluster.now(),
                    Pending::Advance(end) => end,
                };
                let progress = self.cluster.advance_some(end, &mut budget);
                if progress == Progress::Paused {
                    return false;
                }
                crate::stream::poll_all(&mut self.streams, &self.cluster);
                if progress == Progress::Reached || p == Pending::Settle {
                    self.pending = None;
                }
                continue;
            }
            let Some(a) = self.queued.pop_front() else { return true };
            if budget == 0 {
                self.queued.push_front(a);
                return false;
            }
            budget -= 1;
            let now = self.cluster.now();
            if a.at > now {
                // Time that passed without an explicit Advance (as `Session::replay`).
                self.pending = Some(Pending::Advance(a.at));
                self.queued.push_front(a);
                continue;
            }
            // Replaying records the action again; the rest must not be caught up first.
            let rest = std::mem::take(&mut self.queued);
            self.replay_one(&a);
            self.queued = rest;
        }
    }

    /// Finishes everything owed, at once.
    pub(crate) fn catch_up(&mut self) {
        while !self.work(UNLIMITED) {}
    }

    pub(crate) fn begin_settle(&mut self) {
        if self.pending.is_none() {
            self.cluster.begin_settle();
            self.pending = Some(Pending::Settle);
        }
    }

    pub(crate) fn begin_advance(&mut self, ms: i64) {
        if ms <= 0 {
            return;
        }
        crate::stream::poll_all(&mut self.streams, &self.cluster);
        self.pending = Some(Pending::Advance(self.cluster.now().plus_millis(ms)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StreamId;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 30\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n";

    /// Everything a user could see: the objects (as `get -o yaml` shows them) and the stream's text.
    fn observe(s: &mut Session, stream: Option<StreamId>) -> (String, String, i64) {
        let all = s.query("kubectl get deploy,rs,pods,endpoints,events -A -o yaml").text;
        let streamed = stream.map(|id| s.poll_stream(id).0).unwrap_or_default();
        (all, streamed, s.cluster().now().millis())
    }

    /// The same user session, with `budget` units of work per frame (None: unsliced).
    fn session(budget: Option<usize>) -> (Session, (String, String, i64)) {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
        s.set_sliced(budget.is_some());
        let frame = |s: &mut Session, ms: i64| {
            s.advance(ms);
            if let Some(b) = budget {
                // The browser works a budget per frame until the advance is done.
                while !s.work(b) {}
            }
        };
        s.apply_text(WEB, "web.yaml");
        let watch = s.run("kubectl rollout status deployment/web").stream;
        for _ in 0..40 {
            frame(&mut s, 500);
        }
        s.run("kubectl set image deployment/web nginx=nginx:1.26");
        // A command while the previous frame's work is half done (never with unsliced).
        s.advance(700);
        if let Some(b) = budget {
            s.work(b);
        }
        s.run("kubectl scale deployment/web --replicas=5");
        for _ in 0..200 {
            frame(&mut s, 500);
        }
        let seen = observe(&mut s, watch);
        (s, seen)
    }

    #[test]
    fn sliced_sessions_show_and_record_what_unsliced_ones_do() {
        let (whole, seen) = session(None);
        assert!(seen.0.contains("nginx:1.26"), "the rollout happened");
        let tail = &seen.1[seen.1.len().saturating_sub(600)..];
        assert!(seen.1.contains("successfully rolled out"), "rollout status: {tail}");
        for budget in [1, 7, 200] {
            let (s, got) = session(Some(budget));
            assert!(s.idle());
            assert_eq!(got, seen, "budget {budget}");
            assert_eq!(s.actions(), whole.actions(), "budget {budget}");
        }
    }

    #[test]
    fn a_sliced_replay_rebuilds_the_same_session() {
        let (original, mut seen) = session(None);
        seen.1.clear(); // streams are not restored
        let mut s = Session::replay_sliced(ClusterConfig::default(), WaitMode::Stream, original.actions());
        assert!(!s.idle());
        assert_eq!(s.queued_actions().count(), original.actions().len());
        let mut slices = 0;
        while !s.work(50) {
            slices += 1;
            // The saved log stays whole while replaying.
            let saved = s.actions().len() + s.queued_actions().count();
            assert_eq!(saved, original.actions().len(), "actions saved mid-replay");
        }
        assert!(slices > 10, "replayed in {slices} slices");
        assert_eq!(observe(&mut s, None), seen);
        assert_eq!(s.actions(), original.actions());
    }

    #[test]
    fn commands_see_what_the_owed_work_would_have_done() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
        s.set_sliced(true);
        s.apply_text(WEB, "web.yaml");
        s.advance(120_000);
        assert!(!s.idle(), "the advance is owed, not done");
        let out = s.run("kubectl get deployment web").text;
        assert!(out.contains("30/30"), "{out}");
    }
}
