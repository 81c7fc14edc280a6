//! Sliced mode, for the browser: the clock's advances, the settling after a command and the
//! replay of a saved session are begun by the call that causes them and then done by
//! [`Session::work`] a budget at a time, between frames, so no call blocks the page for long.
//!
//! The outcome is the same as unsliced: work is done in the same order (see
//! `kubeplay_cluster::Cluster::advance_some`), and recording any action first finishes what is
//! owed, so the action log replays to the same cluster either way.

use kubeplay_cluster::{Progress, UNLIMITED};
use kubeplay_model::SimTime;

use crate::action::{Action, ActionKind};
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
        self.work_inner(budget, false)
    }

    /// As [`Session::work`], but stops as soon as [`Session::ready_for_action`] holds (true).
    pub fn work_to_rest(&mut self, budget: usize) -> bool {
        self.ready_for_action() || self.work_inner(budget, true)
    }

    fn work_inner(&mut self, budget: usize, to_rest: bool) -> bool {
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
                if to_rest && self.ready_for_action() {
                    return true;
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

    /// Whether an action can be taken without first finishing work at once: no instant is half
    /// run and no replay is under way. (A half-done advance is cut short at the current instant,
    /// see `interrupt_advance`.) A UI that waits for this, working meanwhile, never blocks.
    pub fn ready_for_action(&self) -> bool {
        !self.cluster.mid_work() && self.queued.is_empty()
    }

    /// Cuts a half-done recorded advance short at the current instant: the instant is finished
    /// and the recorded `Advance` shortened to match (or dropped, when no instant ran yet), so a
    /// replay stops where this session did. The user acted then.
    pub(crate) fn interrupt_advance(&mut self) {
        let Some(Pending::Advance(end)) = self.pending else { return };
        if !self.queued.is_empty() {
            return; // a replay's own gap advance: it must run whole
        }
        let now = self.cluster.now();
        let Some(last) = self.actions.last_mut() else { return };
        let ActionKind::Advance { ms } = &mut last.kind else { return };
        if now >= end {
            return; // only the last instant is left: finish it
        }
        if now <= last.at {
            // Nothing ran yet: an advance starts with nothing due (what was due ran before it),
            // so its first instant is later than its start. As if it had never begun.
            self.actions.pop();
            self.pending = None;
            return;
        }
        *ms = now.millis() - last.at.millis();
        while self.cluster.advance_some(now, &mut UNLIMITED.clone()) != Progress::Reached {}
        crate::stream::poll_all(&mut self.streams, &self.cluster);
        self.pending = None;
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
        frame(&mut s, 700);
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

    /// A command typed while an advance is half done cuts it short; the log says so, and
    /// replays to the same cluster.
    #[test]
    fn a_command_mid_advance_stops_the_clock_there() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
        s.set_sliced(true);
        s.apply_text(WEB, "web.yaml");
        s.advance(60_000);
        // Some work, not all of it: the pods are being created and started.
        for _ in 0..40 {
            s.work(5);
        }
        assert!(!s.idle());
        let cut = s.cluster().now().millis() - s.actions().last().map_or(0, |a| a.at.millis());
        assert!(cut > 0 && cut < 60_000, "stopped {cut} ms in");
        s.run("kubectl scale deployment/web --replicas=3");
        assert_eq!(s.pending, Some(Pending::Settle), "only the command's own settling is owed");
        let logged: Vec<_> = s
            .actions()
            .iter()
            .filter_map(|a| match a.kind {
                ActionKind::Advance { ms } => Some(ms),
                _ => None,
            })
            .collect();
        assert_eq!(logged, vec![cut]);
        s.advance(90_000);
        while !s.work(7) {}
        let mut again = Session::replay(ClusterConfig::default(), WaitMode::Stream, s.actions());
        assert_eq!(observe(&mut again, None), observe(&mut s, None));
        assert!(observe(&mut s, None).0.contains("replicas: 3"));
    }

    #[test]
    fn a_command_before_an_advance_did_anything_drops_it() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
        s.set_sliced(true);
        s.apply_text(WEB, "web.yaml");
        while !s.work(UNLIMITED) {}
        let before = s.cluster().now();
        s.advance(120_000);
        assert!(s.ready_for_action());
        let out = s.run("kubectl get deployment web").text;
        assert!(out.contains("0/30"), "{out}");
        assert_eq!(s.cluster().now(), before);
        assert!(!s.actions().iter().any(|a| matches!(a.kind, ActionKind::Advance { .. })));
    }

    /// Issue 12: a command at an instant between controller batch boundaries (after a wait, or
    /// a clock that stopped at 20.037 s) still sees the whole cascade of the one before it.
    #[test]
    fn a_commands_reactions_run_at_once_whatever_the_clocks_phase() {
        for sliced in [false, true] {
            let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
            s.set_sliced(sliced);
            s.apply_text(&WEB.replace("replicas: 30", "replicas: 3"), "web.yaml");
            s.advance(20_037);
            while !s.work(UNLIMITED) {}
            assert_eq!(s.cluster().now().millis() % 100, 37);
            s.run("kubectl scale deployment web --replicas=0");
            let out = s.run("kubectl get deploy web").text;
            assert!(out.contains("web    0/0     0            0"), "sliced {sliced}: {out}");
            let out = s.run("kubectl get rs").text;
            assert!(out.contains("   0         0         0 "), "sliced {sliced}: {out}");
        }
    }

    #[test]
    fn commands_see_what_the_owed_work_would_have_done() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::Stream);
        s.set_sliced(true);
        s.apply_text(WEB, "web.yaml");
        assert!(!s.idle(), "the settling after apply is owed, not done");
        // The Deployment controller reacts at once (the settle), so the ReplicaSet exists.
        let out = s.run("kubectl get replicasets").text;
        assert!(out.starts_with("NAME ") && out.contains("web-"), "{out}");
    }
}
