use super::*;
use crate::examples;

fn booted(id: &str) -> Engine {
    let mut e = Engine::new();
    for (name, text) in examples::by_id(id).unwrap().files {
        let o = e.apply_text(text, name);
        assert_eq!(o.exit_code, 0, "{}", o.text);
    }
    // As the UI boots: advance until the pods are Ready.
    e.start_boot();
    while !e.boot_work(&mut || true) {}
    e
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn default_example_runs() {
    let e = booted(examples::DEFAULT_ID);
    assert!(e.pods_settled("default"));
    let mut e = e;
    let o = e.run("kubectl get deployments");
    assert!(o.text.starts_with("NAME         READY   UP-TO-DATE   AVAILABLE   AGE\n"), "{}", o.text);
    assert!(o.text.contains("demo-web     3/3     3            3"), "{}", o.text);
    let g = e.graph("default", &Default::default());
    let pods: Vec<_> = g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).collect();
    assert_eq!(pods.len(), 4);
    assert!(pods.iter().all(|p| p.status == "Running"));
    assert!(g.edges.iter().any(|x| x.kind == EdgeKind::Routes));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn apply_lines() {
    let mut e = Engine::new();
    let f = examples::by_id("hello-nginx").unwrap().files[0].1;
    assert_eq!(e.apply_text(f, "hello.yaml").text, "deployment.apps/hello created\nservice/hello created\n");
    assert_eq!(
        e.apply_text(f, "hello.yaml").text,
        "deployment.apps/hello unchanged\nservice/hello unchanged\n"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn set_image_shows_two_replicasets() {
    let mut e = booted("rolling-update");
    let o = e.run("kubectl set image deployment/shop shop=nginx:1.27");
    assert_eq!(o.text, "deployment.apps/shop image updated\n");
    e.advance(500);
    let g = e.graph("default", &Default::default());
    let rs: Vec<_> = g.nodes.iter().filter(|n| n.kind == NodeKind::ReplicaSet).collect();
    assert_eq!(rs.len(), 2);
    e.advance(30_000);
    let o = e.run("kubectl get rs");
    assert!(o.text.contains("   0         0         0"), "{}", o.text);
    assert!(e.pods_settled("default"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn scale_changes_pods() {
    let mut e = booted(examples::DEFAULT_ID);
    assert_eq!(
        e.run("kubectl scale deployment demo-web --replicas=5").text,
        "deployment.apps/demo-web scaled\n"
    );
    e.advance(5000);
    let g = e.graph("default", &Default::default());
    assert_eq!(g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count(), 6);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn broken_selector_explained() {
    let e = booted("broken-selector");
    let g = e.graph("default", &Default::default());
    assert!(g.nodes.iter().any(|n| n.kind == NodeKind::Service && n.flagged.is_some()));
    let x = e.explain_service("default", "frontend");
    assert!(x.contains("front-end"), "{x}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn crash_loop_backs_off() {
    let mut e = booted("crash-loop");
    e.advance(60_000);
    let o = e.run("kubectl get pods");
    assert!(o.text.contains("CrashLoopBackOff") || o.text.contains("Error"), "{}", o.text);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unschedulable_stays_pending() {
    let mut e = booted("unschedulable");
    let o = e.run("kubectl get pods");
    assert!(o.text.contains("Pending"), "{}", o.text);
    assert!(e
        .events()
        .iter()
        .any(|x| x.reason == "FailedScheduling" && x.message.starts_with("0/3 nodes are available:")));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn save_restore_round_trip() {
    let mut e = booted(examples::DEFAULT_ID);
    e.run("kubectl scale deployment demo-web --replicas=2");
    e.advance(3000);
    let before = e.run("kubectl get pods").text;
    let saved = e.save();
    let mut r = Engine::restore(&saved).unwrap();
    assert!(r.restoring(), "restores are replayed a slice at a time");
    let total = saved["actions"].as_array().map_or(0, Vec::len);
    assert_eq!(r.restore_progress(), Some((0, total)));
    assert_eq!(r.save(), saved, "the saved log is whole mid-restore");
    assert!(r.work(&mut || true));
    assert!(!r.restoring());
    assert_eq!(r.run("kubectl get pods").text, before);
    assert!(Engine::restore(&json!({"now": "x"})).is_err());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn diagnostics_have_positions() {
    let e = Engine::new();
    let d = e.diagnostics("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replica: 2\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers: [{name: x, image: nginx}]\n");
    let d: Vec<_> = d.into_iter().filter(|x| x.severity == "error").collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].line, d[0].col), (6, 3));
    assert!(d[0].message.contains("unknown field \"spec.replica\""), "{}", d[0].message);
    let d = e.diagnostics("a: b\n c: d\n");
    assert_eq!(d[0].line, 2);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn diagnostics_follow_edits_of_earlier_documents() {
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selectr: {app: x}\n  ports: [{port: 80}]\n";
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replica: 2\n  selector:\n    matchLabels: {app: x}\n  template:\n    metadata:\n      labels: {app: x}\n    spec:\n      containers: [{name: x, image: nginx}]\n";
    let errors = |d: Vec<Diag>| -> Vec<(u32, u32, String)> {
        d.into_iter().filter(|x| x.severity == "error").map(|x| (x.line, x.col, x.hint)).collect()
    };
    let e = Engine::new();
    let d = errors(e.diagnostics(&format!("{svc}---\n{deploy}")));
    assert_eq!(d.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(), vec![(6, 3), (14, 3)]);
    // Each unknown field is matched against its own document's schema.
    assert!(d[0].2.starts_with("Did you mean \"selector\"?"), "{}", d[0].2);
    assert!(d[1].2.starts_with("Did you mean \"replicas\"?"), "{}", d[1].2);
    // Two lines more in the Service: the (reused) Deployment's error moves two lines down, and
    // everything equals what a fresh engine says about the same text.
    let edited = format!("{}---\n{deploy}", svc.replace("  name: s\n", "  name: s\n  labels:\n    a: b\n"));
    let d = e.diagnostics(&edited);
    assert_eq!(d, Engine::new().diagnostics(&edited));
    assert_eq!(errors(d).iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(), vec![(8, 3), (16, 3)]);
    // Hover on the moved document uses the cached, re-based spans.
    let offset = edited.find("replica:").unwrap_or_default() + 2;
    let fixed = edited.replace("replica:", "replicas:");
    let h = e.hover(&fixed, offset).unwrap_or_default();
    assert!(h.starts_with("Deployment.spec.replicas\n"), "{h}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn completion_paths() {
    let text = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: x\n          im";
    let e = Engine::new();
    let c = e.completions(text, text.len());
    assert!(c.iter().any(|x| x.0 == "image"), "{:?}", c.iter().map(|x| &x.0).collect::<Vec<_>>());
    let text2 = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  rep";
    assert!(e.completions(text2, text2.len()).iter().any(|x| x.0 == "replicas"));
    let h = e.hover(text2.replace("rep", "replicas: 2").as_str(), text2.len() - 2).unwrap();
    assert!(h.starts_with("Deployment.spec.replicas\n"), "{h}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn watch_prints_only_changes() {
    let mut e = booted("hello-nginx");
    let o = e.run("kubectl get pods -w");
    let id = o.stream.unwrap();
    assert!(o.text.starts_with("NAME "));
    assert_eq!(e.poll_stream(id), (String::new(), false));
    e.run("kubectl scale deployment hello --replicas=3");
    // The command's settling is done by the next frame's work.
    assert!(!e.idle());
    assert!(e.work(&mut || true));
    let (text, done) = e.poll_stream(id);
    assert!(!done);
    assert!(text.lines().count() >= 1, "{text}");
    assert!(text.contains("0/1"), "{text}");
    e.cancel_stream(id);
    assert_eq!(e.poll_stream(id), (String::new(), true));
}

/// The timeline as `kubeplay_view::timeline` builds it from every Event in the store.
fn full_timeline(e: &Engine, limit: usize) -> Vec<(String, String, String, String, i64)> {
    let api = e.s.cluster().api();
    let events = api.list("events", None);
    let snap = kubeplay_view::Snapshot::from_objects(events.iter().map(|x| &**x), e.s.cluster().now(), 0);
    let filter = kubeplay_view::TimelineFilter { limit: Some(limit), ..Default::default() };
    kubeplay_view::timeline(&snap, &filter)
        .into_iter()
        .map(|r| (r.reason, r.object, r.message, r.age, r.count))
        .collect()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_event_index_follows_the_store_without_relisting() {
    let mut e = booted(examples::DEFAULT_ID);
    let rows = |e: &Engine| -> Vec<(String, String, String, String, i64)> {
        e.recent_events(Some(60))
            .into_iter()
            .map(|r| (r.reason, r.object, r.message, r.age, r.count as i64))
            .collect()
    };
    assert_eq!(rows(&e), full_timeline(&e, 60));
    e.run("kubectl scale deployment demo-web --replicas=12");
    for step in 0..80 {
        e.advance(if step % 10 == 9 { 1_200_000 } else { 3_000 });
        if step == 40 {
            e.run("kubectl set image deployment/demo-web demo-web=nginx:not-a-tag");
        }
        assert_eq!(rows(&e), full_timeline(&e, 60), "step {step}");
    }
    // Events expired (1 h TTL) and the index dropped them too.
    assert!(e.s.cluster().now().millis() - e.s.config().start.millis() > 2 * 3_600_000);
    assert_eq!(e.event_index.borrow().relists, 1, "kept up from the watch log");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn faults_and_requests_come_back_after_a_reload() {
    let mut e = booted(examples::DEFAULT_ID);
    let pod = e
        .run("kubectl get pods -l app=demo-web -o name")
        .text
        .lines()
        .next()
        .unwrap_or("")
        .replace("pod/", "");
    assert!(!pod.is_empty());
    e.inject(&Fault::CrashContainer { ns: "default".into(), pod: pod.clone() });
    let replies: Vec<String> = (0..4).map(|_| e.request("default", "demo-web").reply).collect();
    e.advance(20_000);
    let before = (e.run("kubectl get pods").text, e.run("kubectl get events").text);
    assert!(before.0.contains(&pod), "{}", before.0);
    assert!(before.1.contains("BackOff") || before.1.contains("Started"), "{}", before.1);
    let mut r = Engine::restore(&e.save()).unwrap();
    assert!(r.work(&mut || true));
    assert_eq!((r.run("kubectl get pods").text, r.run("kubectl get events").text), before);
    // The requests are in the log with their replies' randomness: replaying gives the same next one.
    assert_eq!(e.request("default", "demo-web").reply, r.request("default", "demo-web").reply);
    assert_eq!(replies.len(), 4);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_console_stays_in_a_pods_shell_while_time_passes() {
    let mut e = Engine::new();
    assert_eq!((e.prompt().as_str(), e.in_container_shell()), ("$ ", false));
    let o = e.run(&crate::ops::console_command("run debug --rm -it --image=busybox -- sh", false));
    assert_eq!(o.text, "If you don't see a command prompt, try pressing enter.\n");
    assert_eq!((e.prompt().as_str(), e.in_container_shell()), ("/ # ", true));
    // Lines typed in the shell are the shell's, not `kubectl hostname`.
    assert_eq!(crate::ops::console_command("hostname", true), "hostname");
    assert_eq!(crate::ops::console_command("get pods", false), "kubectl get pods");
    // Real time passes between console lines; the shell still answers.
    e.advance(30_000);
    assert_eq!(e.run(&crate::ops::console_command("hostname", true)).text, "debug\n");
    let o = e.run("exit");
    assert!(o.text.ends_with("pod \"debug\" deleted\n"), "{}", o.text);
    assert_eq!((e.prompt().as_str(), e.in_container_shell()), ("$ ", false));
}
