use super::*;
use crate::parse::Expect;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Deployment `web` with two nginx replicas, as a lesson file.
const FRONT: &str = "---
title: Scaling
files:
  - name: web.yaml
    text: |
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
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
---
";

const CREATE: &str = "## Create
```kubectl
kubectl apply -f web.yaml
```
```check
kubectl get deployment web -o jsonpath='{.status.readyReplicas}'
equals: 2
```
";

fn lesson(steps: &str) -> String {
    format!("{FRONT}{CREATE}{steps}")
}

/// Every built-in lesson passes `kubeplay lesson check`.
#[test]
fn every_builtin_lesson_passes() {
    for l in crate::list_builtin() {
        let report = check_lesson(l.text);
        let (text, code) = render_report(&report);
        assert_eq!(code, 0, "built-in lesson {} fails:\n{text}", l.id);
        assert!(report.passed());
        assert_eq!(report.steps.len(), report.total_steps);
        assert!(text.ends_with(&format!("PASS  {} steps\n", report.total_steps)), "{text}");
    }
}

#[test]
fn a_passing_lesson_waits_in_virtual_time_and_prints_one_line_per_step() {
    let report = check_lesson(&lesson(
        "## Scale the Deployment\n```kubectl\nkubectl scale deployment web --replicas=5\n```\n```check\nkubectl get deployment web -o jsonpath='{.status.readyReplicas}'\nequals: 5\n```\n",
    ));
    assert!(report.passed(), "{report:?}");
    // Pods take a few virtual seconds to pull nginx and start: the checker waited for them.
    let StepOutcome::Passed { waited_ms } = report.steps[0].outcome else { panic!("{report:?}") };
    assert!(waited_ms > 0 && waited_ms < MAX_WAIT_MS, "waited {waited_ms} ms");
    let (text, code) = render_report(&report);
    assert_eq!(code, 0);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[0], "Lesson: Scaling");
    assert!(lines[1].starts_with("ok    1/2  Create (checks passed after "), "{text}");
    assert!(lines[2].starts_with("ok    2/2  Scale the Deployment (checks passed"), "{text}");
    assert_eq!(lines[3], "PASS  2 steps");
}

/// A deliberately broken lesson: its check expects a replica count the command never reaches.
#[test]
fn a_broken_lesson_fails_with_what_the_check_got() {
    let report = check_lesson(&lesson(
        "## Scale\n```kubectl\nkubectl scale deployment web --replicas=3\n```\n```check\nkubectl get deployment web -o jsonpath='{.status.readyReplicas}'\nequals: 4\n```\n## Never reached\n```kubectl\nkubectl get pods\n```\n",
    ));
    assert!(!report.passed());
    assert_eq!(report.total_steps, 3);
    assert_eq!(report.steps.len(), 2, "the run stops at the first failing step");
    let StepOutcome::CheckFailed { check, got, waited_ms } = &report.steps[1].outcome else {
        panic!("{report:?}")
    };
    assert_eq!(check.expect, Expect::Equals("4".into()));
    assert_eq!(got, "3");
    assert_eq!(*waited_ms, MAX_WAIT_MS);
    let (text, code) = render_report(&report);
    assert_eq!(code, 1);
    assert!(
        text.contains("FAIL  2/3  Scale: after 10m this check still fails (line 37):\n      kubectl get deployment web -o jsonpath='{.status.readyReplicas}'\n      equals: 4\n    got:\n      3\n"),
        "{text}"
    );
    assert!(!text.contains("PASS"));
}

#[test]
fn a_step_whose_checks_already_pass_fails() {
    let report = check_lesson(&lesson(
        "## Nothing to do\n```kubectl\nkubectl get pods\n```\n```check\nkubectl get deployment web -o jsonpath='{.spec.replicas}'\nequals: 2\n```\n",
    ));
    assert_eq!(report.steps[1].outcome, StepOutcome::AlreadyPassing);
    let (text, code) = render_report(&report);
    assert_eq!(code, 1);
    assert!(
        text.contains("FAIL  2/2  Nothing to do: its checks already pass before its commands run\n"),
        "{text}"
    );
}

#[test]
fn a_failing_command_fails_the_step_with_its_output() {
    let report = check_lesson(&lesson(
        "## Typo\n```kubectl\nkubectl scale deployment webb --replicas=3\n```\n```check\nkubectl get deployment web -o jsonpath='{.spec.replicas}'\nequals: 3\n```\n",
    ));
    let StepOutcome::CommandFailed { command, exit_code, output } = &report.steps[1].outcome else {
        panic!("{report:?}")
    };
    assert_eq!(command, "kubectl scale deployment webb --replicas=3");
    assert_eq!(*exit_code, 1);
    // kubectl 1.33's message for a missing object.
    assert_eq!(output, "Error from server (NotFound): deployments.apps \"webb\" not found\n");
    assert_eq!(render_report(&report).1, 1);
}

#[test]
fn an_unreadable_lesson_fails_with_the_line() {
    let report = check_lesson("---\ntitle: T\n---\n## S\n```check\nkubectl get pods\n```\n");
    assert!(!report.passed());
    let (text, code) = render_report(&report);
    assert_eq!(code, 1);
    assert!(
        text.starts_with("FAIL  the lesson cannot be read: line 6: a check block has two lines"),
        "{text}"
    );
}

#[test]
fn checks_are_read_only_and_not_recorded() {
    let l = crate::parse_lesson(&lesson("")).unwrap();
    let mut s = start_session(&l);
    let before = s.actions().len();
    let check = Check {
        command: "kubectl delete deployment web".into(),
        expect: Expect::Contains("deleted".into()),
        line: 1,
    };
    let r = evaluate_check(&mut s, &check);
    assert!(!r.passed, "a check cannot change the cluster: {}", r.got);
    assert_eq!(s.actions().len(), before);
}

#[test]
fn durations_read_as_kubectl_prints_them() {
    assert_eq!(duration(0), "0s");
    assert_eq!(duration(45_000), "45s");
    assert_eq!(duration(90_000), "1m30s");
    assert_eq!(duration(MAX_WAIT_MS), "10m");
}

#[test]
fn the_builtin_list_names_every_lesson() {
    let list = crate::render_list();
    assert_eq!(list.lines().count(), 6);
    assert!(
        list.contains("python-redis        A Python app that talks to Redis through a Service\n"),
        "{list}"
    );
    assert!(crate::builtin("blue-green").is_some());
    assert!(crate::builtin("nope").is_none());
}
