//! Opening a share link: the page's `#kp=…` fragment (see `kubeplay_share`) becomes the
//! playground's state, replayed a slice per frame like a restore.

use crate::engine::Engine;
use crate::state::{AppState, ConsoleLine, EngineHandle, File, LineKind};
use kubeplay_share::{ShareError, ShareState};

/// The state a share link in the page's location describes: None without one.
pub fn from_location() -> Option<Result<AppState, ShareError>> {
    let href = web_sys::window()?.location().href().ok()?;
    let data = kubeplay_share::link_data(&href)?;
    Some(kubeplay_share::decode(data).map(|s| app_state(&s)))
}

/// The playground of a shared session: its tabs, its console history, and the engine replaying
/// its log.
pub fn app_state(shared: &ShareState) -> AppState {
    let mut files: Vec<File> =
        shared.files.iter().map(|f| File { name: f.name.clone(), text: f.text.clone() }).collect();
    if files.is_empty() {
        // The editor always has a tab.
        files.push(File { name: "app.yaml".into(), text: String::new() });
    }
    let mut st = AppState::new(EngineHandle::new(Engine::from_share(shared)), files, "shared");
    st.active = shared.active_file.min(st.files.len().saturating_sub(1));
    st.history.items = shared.history();
    let mut info = String::from("Opened a shared session: it is being replayed.");
    if let Some(v) = shared.version_notice() {
        info = format!("{info} {v}");
    }
    st.console.push(ConsoleLine { kind: LineKind::Info, text: info });
    st
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubeplay_share::SharedFile;

    const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
        - name: nginx
          image: nginx:1.27
";

    /// Shared from one playground, opened in another: the same tabs, console history and cluster.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_shared_session_opens_with_its_tabs_history_and_cluster() {
        let mut e = Engine::with_cluster(kubeplay_cluster::ClusterConfig::default());
        e.write_file("web.yaml", WEB);
        e.apply_text(WEB, "k8s/web.yaml");
        e.advance(20_000);
        e.run("kubectl scale deployment web --replicas=2");
        e.advance(5_000);
        let files = vec![SharedFile { name: "web.yaml".into(), text: WEB.into() }];
        let link = kubeplay_share::encode(&e.share_state(files, 0).expect("the default shape is shareable"));
        let st = app_state(&kubeplay_share::decode(&link).expect("the link opens"));
        assert!(st.engine.0.borrow().restoring(), "the log is replayed by the frame loop");
        st.engine.0.borrow_mut().work(&mut || true);
        let want = e.query("kubectl get all -A -o wide").text;
        assert!(want.contains("deployment.apps/web"), "{want}");
        assert_eq!(st.engine.0.borrow_mut().query("kubectl get all -A -o wide").text, want);
        assert_eq!(st.history.items, vec!["kubectl scale deployment web --replicas=2".to_string()]);
        assert_eq!(st.files, vec![File { name: "web.yaml".into(), text: WEB.into() }]);
    }
}
