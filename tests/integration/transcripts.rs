//! Golden transcripts: each `tests/transcripts/<name>.sh` runs against a fresh simulated cluster
//! (seed 1, the default three-node config) in script mode, and its transcript must equal
//! `<name>.txt` byte for byte. Files next to the scripts are visible to `-f` as in a shell
//! started in that folder. `UPDATE_EXPECT=1 cargo test … transcripts` rewrites the `.txt` files
//! (review the diff: expectations come from the spec and kubectl 1.33, not from our output).

use std::path::{Path, PathBuf};

use kubeplay_cluster::ClusterConfig;
use kubeplay_kubectl::{script, Session, WaitMode};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts")
}

fn load_files(session: &mut Session, base: &Path, rel: &str) {
    let Ok(entries) = std::fs::read_dir(base.join(rel)) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let key = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        if e.path().is_dir() {
            load_files(session, base, &key);
        } else if let Ok(text) = std::fs::read_to_string(e.path()) {
            session.files_mut().write(&key, &text);
        }
    }
}

/// Runs one transcript script and returns its transcript.
pub fn run_transcript(name: &str) -> String {
    let base = dir();
    let text = std::fs::read_to_string(base.join(format!("{name}.sh"))).expect("script exists");
    let mut session = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
    load_files(&mut session, &base, "");
    let cmds = script::parse(&text).expect("script parses");
    script::run(&mut session, &cmds).0
}

fn check(name: &str) {
    let actual = run_transcript(name);
    let path = dir().join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &actual).expect("write expectation");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let diff =
            kubeplay_kubectl::cmd::apply::unified_diff(&expected, &actual, &format!("{name}.txt"), "actual");
        panic!("transcript {name} differs:\n{diff}");
    }
}

macro_rules! transcripts {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*

        #[test]
        fn every_script_has_a_test() {
            let mut listed = vec![$(stringify!($name)),*];
            listed.sort();
            let mut found: Vec<String> = std::fs::read_dir(dir())
                .expect("transcripts dir")
                .flatten()
                .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".sh").map(String::from))
                .collect();
            found.sort();
            assert_eq!(found, listed);
        }
    };
}

transcripts!(
    beginner_tutorial,
    usage_errors,
    get_formats,
    apply_flows,
    create_generators,
    delete_flows,
    edit_verbs,
    rollout_verbs,
    logs_exec,
    networking,
    wait_events_describe,
    cluster_info,
    node_ops,
    diff_and_dry_run,
    learner_walkthrough,
    dash_dash_commands,
    act_after_wait,
    images_and_tools,
    interactive_shells,
);

#[test]
fn same_script_same_bytes() {
    assert_eq!(run_transcript("beginner_tutorial"), run_transcript("beginner_tutorial"));
}

#[test]
fn replay_rebuilds_the_same_cluster() {
    let base = dir();
    let text = std::fs::read_to_string(base.join("beginner_tutorial.sh")).expect("script exists");
    let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
    load_files(&mut s, &base, "");
    // Files loaded directly are not in the log: record them for the replay.
    let files: Vec<(String, String)> =
        s.files().paths().iter().map(|p| (p.clone(), s.files().read(p).unwrap_or("").to_string())).collect();
    let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
    for (p, c) in &files {
        s.write_file(p, c);
    }
    let cmds = script::parse(&text).expect("script parses");
    script::run(&mut s, &cmds);
    let log = kubeplay_kubectl::actions_to_json_string(s.actions());
    let back = kubeplay_kubectl::actions_from_json_str(&log);
    assert_eq!(back.len(), s.actions().len());
    let r = Session::replay(ClusterConfig::default(), WaitMode::AdvanceClock, &back);
    assert_eq!(r.cluster().now(), s.cluster().now());
    assert_eq!(r.cluster().api().resource_version(), s.cluster().api().resource_version());
    let a: Vec<String> = s.cluster().api().list("pods", None).iter().map(|p| p.to_string()).collect();
    let b: Vec<String> = r.cluster().api().list("pods", None).iter().map(|p| p.to_string()).collect();
    assert_eq!(a, b);
}
