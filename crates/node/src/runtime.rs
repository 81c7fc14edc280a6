//! The kubelet's runtime state of a pod and its containers (what the container runtime would
//! hold): the kubelet advances it; `exec`, the network and the status writer read it. It lives
//! below all of them so that none depends on the kubelet's sync loop.

use std::collections::{BTreeMap, BTreeSet};

use kubeplay_model::SimTime;

use crate::images::{self, ImageRef, Kind};
use crate::program::{App, Plan};
use crate::rootfs::Flavour;
use crate::ProbeKind;

#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub exit_code: i32,
    pub reason: String,
    pub message: Option<String>,
    pub started: SimTime,
    pub finished: SimTime,
    pub container_id: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ContainerState {
    Waiting { reason: String, message: Option<String> },
    Running { since: SimTime },
    Terminated(Term),
}

#[derive(Clone, Debug, PartialEq)]
pub enum DueAction {
    Prepare,
    PullDone { result: Result<u64, String>, queued_at: SimTime, pull_ms: i64 },
    Start,
    ShowPullBackOff,
    Exit { code: i32, reason: &'static str, message: Option<String> },
    ShowCrashBackOff { delay_ms: i64 },
    Restart,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProbeRuntime {
    pub next: Option<SimTime>,
    pub successes: i64,
    pub failures: i64,
    pub ok: Option<bool>,
}

/// A running process.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub container_id: String,
    pub started: SimTime,
    pub plan: Plan,
    pub kind: Kind,
    pub env: Vec<(String, String)>,
    pub files: BTreeMap<String, String>,
    /// Lines written after start by something else than the plan (access logs, exec writes).
    pub extra: Vec<(SimTime, String)>,
    /// Files written or removed by `kubectl exec`.
    pub exec_fs: Vec<(SimTime, String, Option<String>)>,
    /// busybox ≤ 1.28: the old `nslookup` output (the one the Kubernetes DNS docs show).
    pub old_busybox: bool,
    /// The process's command line as `ps` shows it.
    pub cmdline: String,
    /// The image's userland (busybox or GNU tools, its files).
    pub flavour: Flavour,
    /// redis-server's keyspace (in memory: gone when the process restarts).
    pub redis: BTreeMap<String, String>,
}

impl Run {
    pub fn log_lines(&self, upto: SimTime) -> Vec<(SimTime, String)> {
        let mut v: Vec<(SimTime, String)> = self
            .plan
            .lines
            .iter()
            .map(|(o, l)| (self.started.plus_millis(*o), l.clone()))
            .filter(|(t, _)| *t <= upto)
            .collect();
        v.extend(self.extra.iter().filter(|(t, _)| *t <= upto).cloned());
        v.sort_by_key(|(t, _)| *t);
        v
    }
    /// The file system at `now`: mounts and image files, the process's writes, exec's writes.
    pub fn files_at(&self, now: SimTime) -> BTreeMap<String, String> {
        let mut f = self.files.clone();
        let mut ops: Vec<(SimTime, &String, &Option<String>)> =
            self.plan.fs.iter().map(|(o, p, c)| (self.started.plus_millis(*o), p, c)).collect();
        ops.extend(self.exec_fs.iter().map(|(t, p, c)| (*t, p, c)));
        ops.sort_by_key(|(t, _, _)| *t);
        for (t, p, c) in ops {
            if t > now {
                continue;
            }
            match c {
                Some(c) => {
                    f.insert(p.clone(), c.clone());
                }
                None => {
                    f.remove(p);
                }
            }
        }
        f
    }
    pub fn listens(&self, port: u16) -> Option<&App> {
        self.plan.listen.iter().find(|(p, _)| *p == port).map(|(_, a)| a)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerRuntime {
    pub name: String,
    pub init: bool,
    pub image: String,
    pub image_ref: Option<ImageRef>,
    pub pulled: bool,
    pub state: ContainerState,
    pub due: Option<(SimTime, DueAction)>,
    /// Not yet attempted (containers are brought up one after the other).
    pub pending: bool,
    pub restart_count: i64,
    pub last_term: Option<Term>,
    pub crash_backoff_ms: i64,
    pub pull_backoff_ms: i64,
    pub pull_error: String,
    pub run: Option<Run>,
    pub prev_logs: Option<Vec<(SimTime, String)>>,
    pub probes: BTreeMap<ProbeKind, ProbeRuntime>,
    pub forced: BTreeSet<ProbeKind>,
    pub ready: bool,
    pub started_ok: bool,
    pub stopping: bool,
    /// Init containers: exited 0, or (a sidecar, `restartPolicy: Always`) started.
    pub completed: bool,
    pub sidecar: bool,
}

impl ContainerRuntime {
    pub(crate) fn new(name: &str, init: bool, image: &str, has_init: bool) -> Self {
        let reason = if has_init || init { "PodInitializing" } else { "ContainerCreating" };
        ContainerRuntime {
            name: name.to_string(),
            init,
            image: image.to_string(),
            image_ref: images::parse(image).ok(),
            pulled: false,
            state: ContainerState::Waiting { reason: reason.into(), message: None },
            due: None,
            pending: true,
            restart_count: 0,
            last_term: None,
            crash_backoff_ms: 0,
            pull_backoff_ms: 0,
            pull_error: String::new(),
            run: None,
            prev_logs: None,
            probes: BTreeMap::new(),
            forced: BTreeSet::new(),
            ready: false,
            started_ok: false,
            stopping: false,
            completed: false,
            sidecar: false,
        }
    }
    pub fn is_running(&self) -> bool {
        matches!(self.state, ContainerState::Running { .. })
    }
    pub(crate) fn field_path(&self) -> String {
        if self.init {
            format!("spec.initContainers{{{}}}", self.name)
        } else {
            format!("spec.containers{{{}}}", self.name)
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodRuntime {
    pub uid: String,
    pub node: String,
    pub pod_ip: String,
    pub host_ip: String,
    pub start_time: SimTime,
    pub sandbox_due: Option<SimTime>,
    pub sandbox_ready: bool,
    pub init: Vec<ContainerRuntime>,
    pub ctrs: Vec<ContainerRuntime>,
    pub service_env: Vec<(String, String)>,
    pub terminating: bool,
    pub deleted: bool,
    pub mount_error: Option<String>,
    pub force_crash: BTreeSet<String>,
}

impl PodRuntime {
    pub fn container(&self, name: &str) -> Option<&ContainerRuntime> {
        self.ctrs.iter().chain(self.init.iter()).find(|c| c.name == name)
    }
    pub(crate) fn all_mut(&mut self) -> impl Iterator<Item = &mut ContainerRuntime> {
        self.init.iter_mut().chain(self.ctrs.iter_mut())
    }
    pub fn crash(&mut self, container: &str) {
        self.force_crash.insert(container.to_string());
    }
    pub fn force_probe(&mut self, container: &str, kind: ProbeKind, failing: bool) {
        for c in self.all_mut() {
            if c.name == container {
                if failing {
                    c.forced.insert(kind);
                } else {
                    c.forced.remove(&kind);
                }
            }
        }
    }
    pub fn init_done(&self) -> bool {
        self.init.iter().all(|c| c.completed)
    }
    /// The next time anything is due.
    pub(crate) fn next_due(&self) -> Option<SimTime> {
        let mut t: Option<SimTime> = self.sandbox_due;
        let mut consider = |x: SimTime| t = Some(t.map_or(x, |y| y.min(x)));
        for c in self.init.iter().chain(self.ctrs.iter()) {
            if let Some((d, _)) = &c.due {
                consider(*d);
            }
            if c.is_running() && !self.terminating {
                for p in c.probes.values() {
                    if let Some(n) = p.next {
                        consider(n);
                    }
                }
            }
        }
        t
    }
}
