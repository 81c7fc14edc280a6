//! daemonsets: `kubectl get` columns and cells (`printers.go`'s daemonSetColumnDefinitions).

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "daemonsets",
    columns: &[
        ("NAME", 0),
        ("DESIRED", 0),
        ("CURRENT", 0),
        ("READY", 0),
        ("UP-TO-DATE", 0),
        ("AVAILABLE", 0),
        ("NODE SELECTOR", 0),
        ("AGE", 0),
        ("CONTAINERS", 1),
        ("IMAGES", 1),
        ("SELECTOR", 1),
    ],
    cells,
    describe: None,
};

/// The counts come from the DaemonSet controller's status; NODE SELECTOR is the pod template's.
fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let (c, im) = containers_cells(o.at("spec.template.spec"));
    vec![
        o.name().to_string(),
        num(o.at("status.desiredNumberScheduled")),
        num(o.at("status.currentNumberScheduled")),
        num(o.at("status.numberReady")),
        num(o.at("status.updatedNumberScheduled")),
        num(o.at("status.numberAvailable")),
        format_labels(o.at("spec.template.spec.nodeSelector")),
        age(o, now),
        c,
        im,
        selector_string(o.at("spec.selector")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ds(node_selector: Value) -> Object {
        json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "kindnet", "namespace": "kube-system", "creationTimestamp": "2025-03-01T10:00:00Z"},
            "spec": {
                "selector": {"matchLabels": {"app": "kindnet"}},
                "template": {"spec": {"nodeSelector": node_selector,
                    "containers": [{"name": "kindnet-cni", "image": "docker.io/kindest/kindnetd:v20250512-df8de77b"}]}},
            },
            "status": {"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberAvailable": 2,
                "numberMisscheduled": 0, "numberReady": 2, "updatedNumberScheduled": 1},
        })
    }

    #[test]
    fn cells_follow_printers_go() {
        let now = SimTime::parse_rfc3339("2025-03-01T10:05:29Z").unwrap();
        let o = ds(json!({"kubernetes.io/os": "linux"}));
        assert_eq!(
            cells(&o, now, false),
            [
                "kindnet",
                "3",
                "3",
                "2",
                "1",
                "2",
                "kubernetes.io/os=linux",
                "5m29s",
                "kindnet-cni",
                "docker.io/kindest/kindnetd:v20250512-df8de77b",
                "app=kindnet"
            ]
        );
        assert_eq!(cells(&ds(Value::Null), now, false)[6], "<none>");
    }
}
