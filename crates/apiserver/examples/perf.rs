use kubeplay_apiserver::{ApiServer, Ctx};
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{SimRng, SimTime};
use serde_json::json;
use std::time::Instant;

#[allow(clippy::disallowed_types, clippy::disallowed_methods)]
fn main() {
    let n: usize = std::env::var("N").ok().and_then(|p| p.parse().ok()).unwrap_or(10000);
    let mut api = ApiServer::new();
    let mut rng = SimRng::new(1);
    let mut ctx = Ctx { now: SimTime(0), rng: &mut rng, manager: "t", dry_run: false };
    api.create(&mut ctx, "", json!({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"default"}})).unwrap();
    let t0 = Instant::now();
    for i in 0..n {
        let p = json!({"apiVersion":"v1","kind":"Pod","metadata":{"name": format!("p{i}"),"labels":{"app":"web"},
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u","controller":true}]},
          "spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]}]}});
        api.create(&mut ctx, "default", p).unwrap();
    }
    println!("10000 creates: {:?}", t0.elapsed());
    let phase: u32 = std::env::var("PHASE").ok().and_then(|p| p.parse().ok()).unwrap_or(9);
    if phase == 1 {
        std::process::exit(0);
    }
    let t0 = Instant::now();
    for i in 0..n {
        let name = format!("p{i}");
        api.bind(&mut ctx, "default", &name, "node-1").unwrap();
    }
    println!("10000 binds: {:?}", t0.elapsed());
    if phase == 2 {
        std::process::exit(0);
    }
    let t0 = Instant::now();
    for i in 0..n {
        let name = format!("p{i}");
        let mut p = (*api.get("pods", "default", &name).unwrap()).clone();
        p["status"]["phase"] = json!("Running");
        api.update_status(&mut ctx, p).unwrap();
    }
    println!("10000 status updates: {:?}", t0.elapsed());
    if phase == 3 {
        std::process::exit(0);
    }
    let t0 = Instant::now();
    let sample = api.get("pods", "default", "p1").unwrap();
    let mut total = 0;
    for _ in 0..10000 {
        let c = (*sample).clone();
        total += c.as_object().map(|m| m.len()).unwrap_or(0);
    }
    println!("baseline 10000 pod clones: {:?} ({total})", t0.elapsed());
    let t0 = Instant::now();
    for _ in 0..10000 {
        let c = (*sample).clone();
        total += usize::from(c == *sample);
    }
    println!("baseline 10000 pod clone+compare: {:?} ({total})", t0.elapsed());
    println!("{}", serde_json::to_string(&*sample).unwrap().len());
    let t0 = Instant::now();
    let n = api.list_owned_by("pods", "u").len();
    println!("owned {n}: {:?}", t0.elapsed());
    let t0 = Instant::now();
    for i in 0..1000 {
        let name = format!("p{i}");
        let p = (*api.get("pods", "default", &name).unwrap()).clone();
        api.update(&mut ctx, p).unwrap();
    }
    println!("1000 no-op updates: {:?}", t0.elapsed());
    println!("rv {} events {}", api.resource_version(), api.events_since(0).len());
    let _ = api.get("pods", "default", "p1").unwrap().name().len();
}
