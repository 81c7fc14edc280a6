//! The kubelet and scheduler against the real API server: their writes are accepted, and a
//! status the kubelet wrote reads back equal (so it is not rewritten on every sync).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use kubeplay_apiserver::{ApiServer, Ctx};
use kubeplay_model::{ObjectExt, SimRng};
use serde_json::json;

use crate::testutil::{node, T0};
use crate::NodeSim;

#[test]
fn pod_lifecycle_through_the_api_server() {
    let mut api = ApiServer::new();
    let mut rng = SimRng::new(3);
    let mut now = T0;
    let mk = |api: &mut ApiServer, rng: &mut SimRng, ns: &str, o: serde_json::Value| {
        let mut ctx = Ctx { now: T0, rng, manager: "test", dry_run: false };
        api.create(&mut ctx, ns, o).map_err(|e| e.message)
    };
    let _ = mk(
        &mut api,
        &mut rng,
        "",
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}),
    );
    let _ = mk(
        &mut api,
        &mut rng,
        "default",
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": "default"}}),
    );
    let mut n = node("worker", 1, false);
    n["metadata"].as_object_mut().unwrap().remove("uid");
    mk(&mut api, &mut rng, "", n).expect("node");
    mk(&mut api, &mut rng, "default", json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "default"},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "readinessProbe": {"httpGet": {"port": 80}}}]}}))
    .expect("pod");
    let mut sim = NodeSim::new();
    for _ in 0..40 {
        let pod = api.get("pods", "default", "web").unwrap();
        let r = if pod.str_at("spec.nodeName").is_none() {
            sim.schedule(&pod, &api, now, &mut rng)
        } else {
            sim.sync_pod(&pod, &api, now, &mut rng)
        };
        for w in &r.writes {
            let mut ctx = Ctx { now, rng: &mut rng, manager: w.manager, dry_run: false };
            api.apply_write(&mut ctx, &w.op).expect("write accepted");
        }
        match r.wake_at {
            Some(t) if t > now => now = t,
            _ if !r.writes.is_empty() => {}
            Some(_) => {}
            None => break,
        }
        if now > T0.plus_secs(30) {
            break;
        }
    }
    let pod = api.get("pods", "default", "web").unwrap();
    assert_eq!(pod.str_at("status.phase"), Some("Running"));
    assert_eq!(pod.str_at("status.podIP"), Some("10.244.1.2"));
    // Read back, the status is what the kubelet wrote: a sync with nothing new writes nothing.
    let r = sim.sync_pod(&pod, &api, now, &mut rng);
    assert!(r.writes.is_empty(), "{:?}", r.writes);
}
