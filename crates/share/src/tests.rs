use super::*;
use kubeplay_cluster::NodeSpec;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
";

const REDIS: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
spec:
  replicas: 1
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
    spec:
      containers:
        - name: redis
          image: redis:7.4
---
apiVersion: v1
kind: Service
metadata:
  name: redis
spec:
  selector:
    app: redis
  ports:
    - port: 6379
";

const CONFIG: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  GREETING: hello
";

/// Twenty console commands of a typical short session.
const COMMANDS: [&str; 20] = [
    "kubectl get nodes",
    "kubectl get pods",
    "kubectl get deployments",
    "kubectl describe deployment web",
    "kubectl scale deployment web --replicas=5",
    "kubectl get pods -o wide",
    "kubectl set image deployment/web web=nginx:1.28",
    "kubectl rollout status deployment/web",
    "kubectl rollout history deployment/web",
    "kubectl get rs",
    "kubectl logs deploy/redis",
    "kubectl get svc",
    "kubectl get endpointslices",
    "kubectl label deployment redis tier=cache",
    "kubectl create namespace team-a",
    "kubectl create deployment api --image=traefik/whoami:v1.10 -n team-a",
    "kubectl get all -n team-a",
    "kubectl rollout undo deployment/web",
    "kubectl get events --sort-by=.lastTimestamp",
    "kubectl get all",
];

fn files() -> Vec<SharedFile> {
    [("web.yaml", WEB), ("redis.yaml", REDIS), ("config.yaml", CONFIG)]
        .iter()
        .map(|(n, t)| SharedFile { name: n.to_string(), text: t.to_string() })
        .collect()
}

/// A session as the browser records one: editor tabs saved and applied, twenty commands, the clock
/// running between them.
fn small_session(mode: WaitMode) -> Session {
    let mut s = Session::new(ClusterConfig::default(), mode);
    for f in files() {
        s.write_file(&format!("k8s/{}", f.name), &f.text);
        s.apply_text(&f.text, &format!("k8s/{}", f.name));
    }
    s.advance(15_000);
    for (i, line) in COMMANDS.iter().enumerate() {
        s.run(line);
        s.advance(1000 + 500 * i as i64);
    }
    s
}

fn get_all(s: &mut Session) -> String {
    let mut out = s.query("kubectl get all -A -o wide").text;
    out.push_str(&s.query("kubectl get all -A -o yaml").text);
    out
}

#[test]
fn a_link_replays_to_the_identical_cluster() {
    for mode in [WaitMode::AdvanceClock, WaitMode::Stream] {
        let mut original = small_session(mode);
        let state = ShareState::capture(&original, files(), 1).expect("the default shape is shareable");
        let back = decode(&encode(&state)).expect("a link we wrote opens");
        assert_eq!(back, state);
        let mut replayed = back.replay();
        assert_eq!(replayed.cluster().now(), original.cluster().now());
        let want = get_all(&mut original);
        assert!(want.contains("deployment.apps/web") && want.contains("team-a"), "{want}");
        assert_eq!(get_all(&mut replayed), want, "{mode:?}");
        assert_eq!(back.files, files());
        assert_eq!(back.active_file, 1);
        assert_eq!(back.history(), COMMANDS.to_vec());
    }
}

#[test]
fn a_small_session_fits_in_2000_characters() {
    let s = small_session(WaitMode::Stream);
    let state = ShareState::capture(&s, files(), 0).unwrap();
    let url = share_url("https://kubeplay.example/embed.html", &state);
    assert!(url.len() < 2000, "{} characters: {url}", url.len());
    assert_eq!(link_data(&url), Some(encode(&state).as_str()));
}

#[test]
fn urls_carry_the_state_in_the_fragment() {
    let s = Session::new(ClusterConfig::default(), WaitMode::Stream);
    let state = ShareState::capture(&s, Vec::new(), 0).unwrap();
    let url = share_url("https://x.example/p/?a=1#old", &state);
    assert!(url.starts_with("https://x.example/p/?a=1#kp=1."), "{url}");
    assert_eq!(decode(link_data(&url).unwrap()).unwrap(), state);
    assert_eq!(link_data("#kp=abc"), Some("abc"));
    assert_eq!(link_data("https://x.example/#other"), None);
    assert_eq!(state.version_notice(), None);
    let mut old = state.clone();
    old.kubeplay_version = "0.0.9".into();
    assert!(old.version_notice().unwrap().contains("made with kubeplay 0.0.9"));
}

#[test]
fn cluster_shapes_round_trip() {
    assert_eq!(ClusterShape::of(&ClusterConfig::default()), Some(ClusterShape::default()));
    let five = ClusterConfig::with_workers(5, 250);
    assert_eq!(ClusterShape::of(&five), Some(ClusterShape::Kind { workers: 5, max_pods: 250 }));
    assert_eq!(ClusterShape::of(&ClusterConfig::minikube()), Some(ClusterShape::Minikube));
    let mut seeded = ClusterConfig::minikube();
    seeded.seed = 42;
    assert_eq!(ClusterShape::of(&seeded).map(|s| s.config(42)), Some(seeded));
    // A node list a link cannot describe.
    let mut custom = ClusterConfig::default();
    custom.nodes.push(NodeSpec::worker("gpu-node"));
    assert_eq!(ClusterShape::of(&custom), None);
    let s = Session::new(custom, WaitMode::Stream);
    assert_eq!(ShareState::capture(&s, Vec::new(), 0), None);
    // A minikube link replays on minikube.
    let mut m = Session::new(ClusterConfig::minikube(), WaitMode::AdvanceClock);
    m.run("kubectl create deployment hello --image=nginx:1.27");
    m.advance(20_000);
    let state = decode(&encode(&ShareState::capture(&m, Vec::new(), 0).unwrap())).unwrap();
    assert_eq!(state.shape, ClusterShape::Minikube);
    let mut r = state.replay();
    assert_eq!(r.query("kubectl get pods -o wide").text, m.query("kubectl get pods -o wide").text);
    assert!(r.query("kubectl get pods -o wide").text.contains(" minikube "));
}

fn pack(json: &str) -> String {
    super::pack(json.as_bytes())
}

#[test]
fn newer_and_damaged_links_give_clear_errors() {
    assert_eq!(decode("2.eNqrrgUAAXUA-Q"), Err(ShareError::NewerFormat { version: 2 }));
    let e = decode("99.anything").unwrap_err();
    assert_eq!(
        e.notice(),
        "This shared session could not be opened: the link was made by a newer kubeplay (link format 99; this one reads up to format 1). The default example was opened instead."
    );
    assert_eq!(decode(""), Err(ShareError::Corrupt("no format version".into())));
    assert_eq!(decode("abc.def"), Err(ShareError::Corrupt("no format version".into())));
    assert_eq!(decode("0.AAAA"), Err(ShareError::Corrupt("unknown link format 0".into())));
    assert_eq!(decode("1.***"), Err(ShareError::Corrupt("not base64url".into())));
    assert_eq!(decode("1.AAAA"), Err(ShareError::Corrupt("not deflate data".into())));
    assert_eq!(decode(&pack("[1,2")), Err(ShareError::Corrupt("not JSON".into())));
    assert_eq!(decode(&pack("{}")), Err(ShareError::Corrupt("kubeplay".into())));
    let base = r#"{"kubeplay":"0.1.0","seed":1,"cluster":{"kind":"kind","workers":2,"maxPods":110},"wait":"stream","files":[],"active":0,"actions":ACTIONS}"#;
    let with = |actions: &str| decode(&pack(&base.replace("ACTIONS", actions)));
    assert!(with("[]").is_ok());
    assert_eq!(
        with(r#"[{"type":"run","line":"kubectl get pods","t":-5}]"#),
        Err(ShareError::Corrupt("actions[0].t".into()))
    );
    assert_eq!(with(r#"[{"type":"dance","t":0}]"#), Err(ShareError::Corrupt("actions[0]".into())));
    assert_eq!(
        with(r#"[{"type":"advance","ms":9000000000000,"t":0}]"#),
        Err(ShareError::Corrupt("more than 30 days of virtual time".into()))
    );
    // Time that passes between actions (a `sleep`, a waiting command) counts too.
    assert_eq!(
        with(r#"[{"type":"run","line":"a","t":0},{"type":"run","line":"a","t":2600000000}]"#),
        Err(ShareError::Corrupt("more than 30 days of virtual time".into()))
    );
    assert_eq!(
        with(r#"[{"type":"run","line":"a","t":9223372036854775807}]"#),
        Err(ShareError::Corrupt("actions[0].t".into())),
        "a timestamp that overflows"
    );
    let odd_shape = base.replace(r#""workers":2"#, r#""workers":100000"#).replace("ACTIONS", "[]");
    assert_eq!(decode(&pack(&odd_shape)), Err(ShareError::Corrupt("cluster shape out of range".into())));
}

#[test]
fn huge_links_are_refused_before_any_work() {
    let long = format!("1.{}", "A".repeat(MAX_LINK_CHARS));
    assert!(matches!(decode(&long), Err(ShareError::TooLarge { .. })));
    // A deflate bomb: 64 MiB of spaces is about 64 KiB of deflate; inflating stops at the limit.
    let bomb = format!(
        "1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&vec![b' '; 64 << 20], 10))
    );
    assert!(bomb.len() < MAX_LINK_CHARS);
    assert_eq!(
        decode(&bomb),
        Err(ShareError::Corrupt(format!("more than {MAX_STATE_BYTES} bytes once inflated")))
    );
}

/// Every truncation and many single-character edits of a real link: an error or a state, never a
/// panic.
#[test]
fn cut_and_edited_links_never_panic() {
    let s = small_session(WaitMode::Stream);
    let link = encode(&ShareState::capture(&s, files(), 0).unwrap());
    let mut opened = 0;
    for i in 0..link.len() {
        if decode(&link[..i]).is_ok() {
            opened += 1;
        }
        let mut edited = link.clone().into_bytes();
        edited[i] = if edited[i] == b'A' { b'B' } else { b'A' };
        let _ = decode(std::str::from_utf8(&edited).unwrap_or(""));
    }
    assert_eq!(opened, 0, "a cut link never opens as a different session");
}

/// The share fuzz target's seeds (written by another deflate implementation, Python's zlib) are
/// real links: one of this format, one claiming a newer one.
#[test]
fn the_fuzz_seed_links_open() {
    let state = decode(include_str!("../../../fuzz/seeds/share/link.txt")).expect("the seed link opens");
    assert_eq!(state.files[0].name, "web.yaml");
    assert_eq!(state.actions.len(), 5);
    assert_eq!(
        decode(include_str!("../../../fuzz/seeds/share/newer.txt")),
        Err(ShareError::NewerFormat { version: 2 })
    );
}
