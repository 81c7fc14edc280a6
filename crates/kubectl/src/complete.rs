//! Tab completion for the console: verbs, subcommands, resource types, object names, flags,
//! namespaces and file paths, for the word under the cursor.

use kubeplay_model::resource::{lookup, RESOURCES};
use kubeplay_model::ObjectExt;

use crate::cmd::ROOT_COMMANDS;
use crate::session::Session;

const HIDDEN: &[&str] = &[
    "help",
    "options",
    "plugin",
    "completion",
    "kustomize",
    "certificate",
    "proxy",
    "cp",
    "auth",
    "attach",
    "api-versions",
];

fn subcommands(verb: &str) -> &'static [&'static str] {
    match verb {
        "rollout" => &["history", "pause", "restart", "resume", "status", "undo"],
        "create" => &["configmap", "deployment", "job", "namespace", "secret", "service"],
        "set" => &["env", "image"],
        "config" => &["current-context", "get-contexts", "set-context", "use-context", "view"],
        "top" => &["node", "pod"],
        _ => &[],
    }
}

fn flags_of(verb: &str, sub: Option<&str>) -> Vec<&'static str> {
    use crate::cmd::*;
    let set: &[crate::flags::Flag] = match (verb, sub) {
        ("get", _) => get::FLAGS,
        ("describe", _) => describe::FLAGS,
        ("apply", _) => apply::FLAGS,
        ("diff", _) => apply::DIFF_FLAGS,
        ("delete", _) => delete::FLAGS,
        ("patch", _) => edit::PATCH_FLAGS,
        ("scale", _) => edit::SCALE_FLAGS,
        ("label" | "annotate", _) => edit::LABEL_FLAGS,
        ("set", _) => edit::SET_FLAGS,
        ("rollout", _) => rollout::FLAGS,
        ("logs", _) => logs::FLAGS,
        ("exec", _) => exec::FLAGS,
        ("port-forward", _) => portforward::FLAGS,
        ("wait", _) => wait::FLAGS,
        ("expose", _) => create::EXPOSE_FLAGS,
        ("run", _) => create::RUN_FLAGS,
        ("events", _) => get::EVENTS_FLAGS,
        ("drain", _) => nodes::DRAIN_FLAGS,
        ("taint", _) => nodes::TAINT_FLAGS,
        ("top", _) => nodes::TOP_FLAGS,
        _ => &[],
    };
    let mut v: Vec<&'static str> = set.iter().map(|f| f.long).collect();
    v.push("namespace");
    v.sort();
    v.dedup();
    v
}

/// Verbs whose first argument is a pod (or TYPE/NAME).
fn pod_verb(verb: &str) -> bool {
    matches!(verb, "logs" | "exec" | "port-forward")
}

pub fn complete(s: &Session, line: &str, cursor: usize) -> Vec<String> {
    let upto = line.get(..cursor.min(line.len())).unwrap_or(line);
    let mut words: Vec<&str> = upto.split_whitespace().collect();
    let partial =
        if upto.ends_with(char::is_whitespace) || upto.is_empty() { "" } else { words.pop().unwrap_or("") };
    if words.first().is_some_and(|w| *w == "kubectl" || *w == "k") {
        words.remove(0);
    } else if words.is_empty() && !partial.is_empty() && "kubectl".starts_with(partial) && partial != "k" {
        return vec!["kubectl".to_string()];
    }
    let pick = |cands: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = cands.into_iter().filter(|c| c.starts_with(partial)).collect();
        v.sort();
        v.dedup();
        v
    };
    // Namespace from -n in the words so far.
    let mut ns = s.namespace();
    for w in words.windows(2) {
        if w[0] == "-n" || w[0] == "--namespace" {
            ns = w[1].to_string();
        }
    }
    let prev = words.last().copied().unwrap_or("");
    if prev == "-n" || prev == "--namespace" {
        return pick(
            s.cluster().api().list("namespaces", None).iter().map(|n| n.name().to_string()).collect(),
        );
    }
    if prev == "-f" || prev == "--filename" {
        return pick(s.files().paths());
    }
    let positional: Vec<&str> = {
        let mut v = Vec::new();
        let mut skip = false;
        for w in &words {
            if skip {
                skip = false;
                continue;
            }
            if matches!(
                *w,
                "-n" | "--namespace"
                    | "-f"
                    | "--filename"
                    | "-o"
                    | "--output"
                    | "-l"
                    | "--selector"
                    | "-c"
                    | "--container"
            ) {
                skip = true;
                continue;
            }
            if w.starts_with('-') {
                continue;
            }
            v.push(*w);
        }
        v
    };
    let Some(verb) = positional.first().copied() else {
        if partial.starts_with('-') {
            return pick(vec!["--namespace".into(), "--context".into(), "--help".into()]);
        }
        return pick(ROOT_COMMANDS.iter().filter(|c| !HIDDEN.contains(c)).map(|c| c.to_string()).collect());
    };
    let subs = subcommands(verb);
    let sub = positional.get(1).copied().filter(|w| subs.contains(w));
    if partial.starts_with("--") || partial == "-" {
        return pick(flags_of(verb, sub).into_iter().map(|f| format!("--{f}")).collect());
    }
    if !subs.is_empty() && positional.len() == 1 {
        return pick(subs.iter().map(|s| s.to_string()).collect());
    }
    if matches!(verb, "create" | "config" | "top") || (verb == "set" && sub.is_none()) {
        if verb == "config" && sub == Some("use-context") {
            return pick(s.contexts().iter().map(|c| c.name.clone()).collect());
        }
        return Vec::new();
    }
    let args: Vec<&str> = positional[1 + usize::from(sub.is_some())..].to_vec();
    let names_of = |plural: &str, prefix: &str| -> Vec<String> {
        let rt = kubeplay_model::resource::by_plural(plural);
        let ns_opt = if rt.is_some_and(|r| r.namespaced) { Some(ns.as_str()) } else { None };
        s.cluster().api().list(plural, ns_opt).iter().map(|o| format!("{prefix}{}", o.name())).collect()
    };
    // TYPE/partial
    if let Some((t, _)) = partial.split_once('/') {
        if let Some(rt) = lookup(t) {
            return pick(names_of(rt.plural, &format!("{t}/")));
        }
        return Vec::new();
    }
    if pod_verb(verb) && args.is_empty() {
        let mut c = names_of("pods", "");
        c.extend(["deployment/", "service/", "pod/"].iter().map(|s| s.to_string()));
        return pick(c);
    }
    if matches!(verb, "cordon" | "uncordon" | "drain") {
        return pick(names_of("nodes", ""));
    }
    if verb == "taint" && args.len() == 1 {
        return pick(names_of("nodes", ""));
    }
    if verb == "explain" {
        return pick(RESOURCES.iter().map(|r| r.plural.to_string()).collect());
    }
    match args.first() {
        None => {
            let mut c: Vec<String> = Vec::new();
            for r in RESOURCES.iter().filter(|r| r.simulated) {
                c.push(r.plural.to_string());
                c.extend(r.short_names.iter().map(|s| s.to_string()));
            }
            if verb == "get" {
                c.push("all".into());
            }
            pick(c)
        }
        Some(t) => match lookup(t.split(',').next().unwrap_or("")) {
            Some(rt) if !t.contains('/') => pick(names_of(rt.plural, "")),
            _ => Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::{Session, WaitMode};
    use kubeplay_cluster::ClusterConfig;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn verbs_types_names_flags() {
        let mut s = Session::new(ClusterConfig::default(), WaitMode::AdvanceClock);
        assert_eq!(s.complete("kubectl ge", 10), vec!["get"]);
        assert_eq!(s.complete("kubectl rollout st", 18), vec!["status"]);
        let c = s.complete("kubectl get po", 14);
        assert!(c.contains(&"pods".to_string()) && c.contains(&"po".to_string()), "{c:?}");
        assert_eq!(s.complete("kubectl get pods --show-l", 25), vec!["--show-labels"]);
        s.run("kubectl create deployment web --image=nginx:1.27");
        assert_eq!(s.complete("kubectl describe deploy w", 25), vec!["web"]);
        assert_eq!(s.complete("kubectl logs deploy/w", 21), vec!["deploy/web"]);
        assert_eq!(s.complete("kubectl get pods -n kube-s", 26), vec!["kube-system"]);
        assert_eq!(s.complete("kubectl cordon kubeplay-w", 25), vec!["kubeplay-worker", "kubeplay-worker2"]);
    }
}
