//! Live streams: watches, `logs -f`, port-forwards, and waiting commands in browser mode. Each is
//! a poller run against the cluster after every step of the clock, so what it prints carries the
//! time it happened at.

use std::collections::BTreeMap;

use kubeplay_cluster::Cluster;

/// Something that prints as the cluster changes.
pub trait Poller {
    /// New output since the last call, and `Some(exit code)` once the command has returned.
    fn poll(&mut self, c: &Cluster) -> (String, Option<i32>);
    /// When the command gives up (`--timeout`), if it does.
    fn deadline(&self) -> Option<kubeplay_model::SimTime> {
        None
    }
}

pub struct Stream {
    pub poller: Box<dyn Poller>,
    pub buffer: String,
    pub finished: bool,
    pub exit_code: i32,
}

impl Stream {
    pub fn new(poller: Box<dyn Poller>) -> Stream {
        Stream { poller, buffer: String::new(), finished: false, exit_code: 0 }
    }
    pub fn poll(&mut self, c: &Cluster) {
        if self.finished {
            return;
        }
        let (text, done) = self.poller.poll(c);
        self.buffer.push_str(&text);
        if let Some(code) = done {
            self.finished = true;
            self.exit_code = code;
        }
    }
}

pub fn poll_all(streams: &mut BTreeMap<u64, Stream>, c: &Cluster) {
    for s in streams.values_mut() {
        s.poll(c);
    }
}

/// An active `kubectl port-forward`: local port → a pod's port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortForward {
    pub stream: u64,
    pub local_port: u16,
    pub namespace: String,
    pub pod: String,
    pub pod_port: u16,
    /// Whether `Handling connection` lines go to the stream (a foreground browser stream) or to
    /// the output of the command that connected (a backgrounded or scripted port-forward).
    pub to_stream: bool,
}

/// A port-forward keeps running until cancelled; it prints nothing on its own.
pub struct Idle;

impl Poller for Idle {
    fn poll(&mut self, _c: &Cluster) -> (String, Option<i32>) {
        (String::new(), None)
    }
}
