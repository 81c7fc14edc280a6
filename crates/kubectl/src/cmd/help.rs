//! `kubectl … --help` and `kubectl help …`: kubectl 1.33's own pages, one file per command path
//! under `help/` (captured with `kubectl.1.33 PATH --help`, piped, so flag descriptions are not
//! wrapped). A page is stored once; commands print it from here.

use super::ROOT_COMMANDS;
use crate::flags::{self, GLOBAL};

/// The root page (`kubectl`, `kubectl --help`, `kubectl help`).
pub const ROOT: &str = include_str!("../help/root.txt");

/// Every command path the playground runs, with its page.
pub const PAGES: &[(&str, &str)] = &[
    ("annotate", include_str!("../help/annotate.txt")),
    ("api-resources", include_str!("../help/api-resources.txt")),
    ("apply", include_str!("../help/apply.txt")),
    ("cluster-info", include_str!("../help/cluster-info.txt")),
    ("config", include_str!("../help/config.txt")),
    ("config current-context", include_str!("../help/config-current-context.txt")),
    ("config get-clusters", include_str!("../help/config-get-clusters.txt")),
    ("config get-contexts", include_str!("../help/config-get-contexts.txt")),
    ("config get-users", include_str!("../help/config-get-users.txt")),
    ("config set-context", include_str!("../help/config-set-context.txt")),
    ("config use-context", include_str!("../help/config-use-context.txt")),
    ("config view", include_str!("../help/config-view.txt")),
    ("cordon", include_str!("../help/cordon.txt")),
    ("create", include_str!("../help/create.txt")),
    ("create configmap", include_str!("../help/create-configmap.txt")),
    ("create deployment", include_str!("../help/create-deployment.txt")),
    ("create job", include_str!("../help/create-job.txt")),
    ("create namespace", include_str!("../help/create-namespace.txt")),
    ("create secret", include_str!("../help/create-secret.txt")),
    ("create secret generic", include_str!("../help/create-secret-generic.txt")),
    ("create service", include_str!("../help/create-service.txt")),
    ("create service clusterip", include_str!("../help/create-service-clusterip.txt")),
    ("create service externalname", include_str!("../help/create-service-externalname.txt")),
    ("create service loadbalancer", include_str!("../help/create-service-loadbalancer.txt")),
    ("create service nodeport", include_str!("../help/create-service-nodeport.txt")),
    ("delete", include_str!("../help/delete.txt")),
    ("describe", include_str!("../help/describe.txt")),
    ("diff", include_str!("../help/diff.txt")),
    ("drain", include_str!("../help/drain.txt")),
    ("events", include_str!("../help/events.txt")),
    ("exec", include_str!("../help/exec.txt")),
    ("explain", include_str!("../help/explain.txt")),
    ("expose", include_str!("../help/expose.txt")),
    ("get", include_str!("../help/get.txt")),
    ("label", include_str!("../help/label.txt")),
    ("logs", include_str!("../help/logs.txt")),
    ("patch", include_str!("../help/patch.txt")),
    ("port-forward", include_str!("../help/port-forward.txt")),
    ("rollout", include_str!("../help/rollout.txt")),
    ("rollout history", include_str!("../help/rollout-history.txt")),
    ("rollout pause", include_str!("../help/rollout-pause.txt")),
    ("rollout restart", include_str!("../help/rollout-restart.txt")),
    ("rollout resume", include_str!("../help/rollout-resume.txt")),
    ("rollout status", include_str!("../help/rollout-status.txt")),
    ("rollout undo", include_str!("../help/rollout-undo.txt")),
    ("run", include_str!("../help/run.txt")),
    ("scale", include_str!("../help/scale.txt")),
    ("set", include_str!("../help/set.txt")),
    ("set env", include_str!("../help/set-env.txt")),
    ("set image", include_str!("../help/set-image.txt")),
    ("taint", include_str!("../help/taint.txt")),
    ("top", include_str!("../help/top.txt")),
    ("top node", include_str!("../help/top-node.txt")),
    ("top pod", include_str!("../help/top-pod.txt")),
    ("uncordon", include_str!("../help/uncordon.txt")),
    ("version", include_str!("../help/version.txt")),
    ("wait", include_str!("../help/wait.txt")),
];

/// The page of one command path (`"create deployment"`).
pub fn page(path: &str) -> Option<&'static str> {
    PAGES.iter().find(|(p, _)| *p == path).map(|(_, text)| *text)
}

/// A subcommand alias cobra resolves to its command's name (`create deploy`, `top po`).
fn canonical<'a>(parent: &str, word: &'a str) -> &'a str {
    match (parent, word) {
        ("create", "deploy") => "deployment",
        ("create", "svc") => "service",
        ("create", "cm") => "configmap",
        ("create", "ns") => "namespace",
        ("top", "nodes" | "no") => "node",
        ("top", "pods" | "po") => "pod",
        ("config", "use") => "use-context",
        _ => word,
    }
}

/// The positional words before `--`, skipping flags and the values of global flags that take one
/// (cobra's `stripFlags`, enough for finding a subcommand).
fn positionals(words: &[String]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        i += 1;
        if w == "--" {
            break;
        }
        if let Some(name) = w.strip_prefix("--") {
            if !name.contains('=') && takes_value(|f| f.long == name) {
                i += 1;
            }
        } else if w.len() == 2 && w.starts_with('-') {
            let c = w.chars().nth(1);
            if takes_value(|f| f.short == c) {
                i += 1;
            }
        } else if !w.starts_with('-') {
            out.push(w);
        }
    }
    out
}

fn takes_value(is: impl Fn(&flags::Flag) -> bool) -> bool {
    GLOBAL.iter().any(|f| is(f) && !matches!(f.kind, flags::Kind::Bool))
}

/// The deepest command path `verb` and the positional words name that has a page (cobra's
/// `Find`: `create deployment web --help` is `create deployment`'s page).
pub fn for_command(verb: &str, rest: &[String]) -> Option<&'static str> {
    let mut path = verb.to_string();
    let mut found = page(&path)?;
    let mut parent = verb.to_string();
    for w in positionals(rest) {
        let candidate = format!("{path} {}", canonical(&parent, w));
        match page(&candidate) {
            Some(p) => {
                found = p;
                parent = canonical(&parent, w).to_string();
                path = candidate;
            }
            None => break,
        }
    }
    Some(found)
}

/// `kubectl help [COMMAND…]`: the command's page, the root page, or cobra's unknown topic.
pub fn help_command(words: &[String]) -> String {
    let Some((verb, rest)) = words.split_first() else {
        return ROOT.to_string();
    };
    match for_command(verb, rest) {
        Some(p) => p.to_string(),
        None if ROOT_COMMANDS.contains(&verb.as_str()) => super::info::short_help(verb).unwrap_or_default(),
        None => {
            // cobra: `Unknown help topic %#q` then the root's usage (its page without the
            // description paragraph).
            let topics: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
            let usage = ROOT.splitn(4, '\n').nth(3).unwrap_or_default();
            format!("Unknown help topic [{}]\n\n{usage}", topics.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    /// Every page is kubectl 1.33's for its own command: its usage line names the path (checked
    /// for all pages: a page filed under the wrong path, or a stub, fails).
    #[test]
    fn every_page_is_its_commands_kubectl_1_33_page() {
        for (path, text) in PAGES {
            let usage = text.split("\nUsage:\n  ").nth(1).unwrap_or_default();
            assert!(usage.starts_with(&format!("kubectl {path} ")), "{path}: usage line {usage:?}");
            assert!(
                text.ends_with(
                    "Use \"kubectl options\" for a list of global command-line options (applies to all commands).\n"
                ),
                "{path}"
            );
            // Stubs were a description line and a usage line: full pages have examples or options.
            assert!(
                text.contains("\nExamples:\n")
                    || text.contains("\nOptions:\n")
                    || text.contains("\nAvailable Commands:\n"),
                "{path} is a stub"
            );
        }
    }

    /// Every command the playground runs has a page, its subcommands too.
    #[test]
    fn every_supported_command_has_a_page() {
        let dispatched = [
            "get",
            "describe",
            "apply",
            "diff",
            "create",
            "delete",
            "patch",
            "scale",
            "label",
            "annotate",
            "set",
            "expose",
            "run",
            "rollout",
            "logs",
            "exec",
            "port-forward",
            "wait",
            "events",
            "explain",
            "api-resources",
            "cluster-info",
            "version",
            "config",
            "cordon",
            "uncordon",
            "drain",
            "taint",
            "top",
        ];
        for v in dispatched {
            assert!(page(v).is_some(), "{v}");
        }
        for sub in ["status", "history", "undo", "restart", "pause", "resume"] {
            assert!(page(&format!("rollout {sub}")).is_some(), "rollout {sub}");
        }
    }

    /// `kubectl PATH --help` (and `-h`, `kubectl help PATH`) prints the page for every command the
    /// playground runs: before, 19 of them printed a two-line stub.
    #[test]
    fn every_command_prints_its_page() {
        use crate::session::{Session, WaitMode};
        let mut s = Session::new(kubeplay_cluster::ClusterConfig::default(), WaitMode::AdvanceClock);
        for (path, text) in PAGES {
            let o = s.run(&format!("kubectl {path} --help"));
            assert_eq!((o.text.as_str(), o.exit_code), (*text, 0), "kubectl {path} --help");
            assert_eq!(s.run(&format!("kubectl {path} -h")).text, *text, "kubectl {path} -h");
            assert_eq!(s.run(&format!("kubectl help {path}")).text, *text, "kubectl help {path}");
        }
        // Flags and arguments around the path do not change the page.
        let o = s.run("kubectl -n dev create deployment web --image=busybox --help -- sleep 1");
        assert_eq!(o.text, page("create deployment").unwrap_or_default());
        assert_eq!(
            s.run("kubectl rollout status deploy/web -h").text,
            page("rollout status").unwrap_or_default()
        );
    }

    #[test]
    fn subcommands_and_aliases_find_their_page() {
        // `kubectl.1.33 create deploy web --image=x --help` starts with the deployment page.
        let first = |v: &str, rest: &str| for_command(v, &w(rest)).map(|p| p.lines().next().unwrap_or(""));
        assert_eq!(
            first("create", "deploy web --image=x"),
            Some("Create a deployment with the specified name.")
        );
        assert_eq!(
            first("create", "-n x service nodeport web"),
            Some("Create a NodePort service with the specified name.")
        );
        assert_eq!(first("top", "po"), Some("Display resource (CPU/memory) usage of pods."));
        assert_eq!(first("config", "use"), Some("Set the current-context in a kubeconfig file."));
        assert_eq!(first("rollout", "status deployment/web"), Some("Show the status of the rollout."));
        assert_eq!(first("create", "foo"), Some("Create a resource from a file or from stdin."));
        assert_eq!(first("edit", ""), None);
        // `kubectl.1.33 help foo bar` (stderr, exit 0).
        assert!(
            help_command(&w("foo bar")).starts_with("Unknown help topic [`foo` `bar`]\n\n\nBasic Commands")
        );
    }
}
