//! Exact v1.33 messages (reference §1.2–§1.4, §7.1, §7.2) as kubectl prints them.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::{json, Value};

use crate::testutil::{deployment, service, T};

fn deploy_err(f: impl FnOnce(&mut Value)) -> String {
    let mut t = T::new();
    let mut d = deployment("web");
    f(&mut d);
    t.create_err("default", d)
}

#[test]
fn selector_does_not_match_template_labels() {
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["metadata"]["labels"] = json!({"app": "other"})),
        "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`"
    );
}

#[test]
fn missing_selector_gives_two_errors() {
    assert_eq!(
        deploy_err(|d| {
            d["spec"].as_object_mut().unwrap().remove("selector");
        }),
        "The Deployment \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"
    );
}

#[test]
fn empty_selector() {
    assert_eq!(
        deploy_err(|d| d["spec"]["selector"] = json!({})),
        "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
    );
}

#[test]
fn selector_is_immutable_on_update() {
    let mut t = T::new();
    let d = t.create("default", deployment("web")).unwrap();
    let mut d = (*d).clone();
    d["spec"]["selector"] = json!({"matchLabels": {"app": "web2"}});
    d["spec"]["template"]["metadata"]["labels"] = json!({"app": "web2"});
    assert_eq!(
        t.update(d).unwrap_err().kubectl_message(""),
        "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
    );
}

#[test]
fn template_restart_policy_must_be_always() {
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["restartPolicy"] = json!("Never")),
        "The Deployment \"web\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
    );
}

#[test]
fn container_names_and_images() {
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"][0]["name"] = json!("My_App")),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].name: Invalid value: \"My_App\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
    assert_eq!(
        deploy_err(|d| {
            d["spec"]["template"]["spec"]["containers"][0].as_object_mut().unwrap().remove("name");
        }),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].name: Required value"
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"] =
            json!([{"name": "web", "image": "a"}, {"name": "web", "image": "b"}])),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[1].name: Duplicate value: \"web\""
    );
    assert_eq!(
        deploy_err(|d| {
            d["spec"]["template"]["spec"]["containers"][0].as_object_mut().unwrap().remove("image");
        }),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].image: Required value"
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"] = json!([])),
        "The Deployment \"web\" is invalid: spec.template.spec.containers: Required value"
    );
}

#[test]
fn container_ports() {
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"][0]["ports"] = json!([{"containerPort": 70000}])),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"][0]["ports"] = json!([{"containerPort": 0}])),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].ports[0].containerPort: Required value"
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"][0]["ports"] = json!([{"containerPort": 80, "name": "a--b"}])),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].ports[0].name: Invalid value: \"a--b\": must not contain consecutive hyphens"
    );
}

#[test]
fn rolling_update_values() {
    assert_eq!(
        deploy_err(|d| d["spec"]["strategy"] = json!({"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}})),
        "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["strategy"] = json!({"rollingUpdate": {"maxUnavailable": "110%"}})),
        "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"110%\": must not be greater than 100%"
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["strategy"] = json!({"type": "Recreate", "rollingUpdate": {"maxSurge": 1}})),
        "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"
    );
}

#[test]
fn deadlines_and_negatives() {
    assert_eq!(
        deploy_err(|d| {
            d["spec"]["progressDeadlineSeconds"] = json!(10);
            d["spec"]["minReadySeconds"] = json!(10);
        }),
        "The Deployment \"web\" is invalid: spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds"
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["replicas"] = json!(-1)),
        "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    );
}

#[test]
fn resource_requests_within_limits() {
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"][0]["resources"] =
            json!({"requests": {"cpu": "1"}, "limits": {"cpu": "500m"}})),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: \"1\": must be less than or equal to cpu limit of 500m"
    );
    // Quantities are canonicalised before validation (`0.5` is stored and reported as `500m`).
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"][0]["resources"] =
            json!({"requests": {"memory": "1Gi"}, "limits": {"memory": "512Mi", "cpu": 0.5}})),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: \"1Gi\": must be less than or equal to memory limit of 512Mi"
    );
    let mut t = T::new();
    let mut d = deployment("q");
    d["spec"]["template"]["spec"]["containers"][0]["resources"] =
        json!({"limits": {"cpu": 0.5, "memory": "1024Mi"}});
    let d = t.create("default", d).unwrap();
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"],
        json!({"cpu": "500m", "memory": "1Gi"})
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["template"]["spec"]["containers"][0]["resources"] = json!({"limits": {"cpu": "lots"}})),
        "Error from server (BadRequest): Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );
}

#[test]
fn service_name_is_a_dns1035_label() {
    let mut t = T::new();
    assert_eq!(
        t.create_err("default", service("1web")),
        "The Service \"1web\" is invalid: metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    );
}

#[test]
fn node_ports() {
    let mut t = T::new();
    let mut s = service("web");
    s["spec"]["type"] = json!("NodePort");
    s["spec"]["ports"][0]["nodePort"] = json!(80);
    assert_eq!(
        t.create_err("default", s.clone()),
        "The Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"
    );
    s["spec"]["ports"][0]["nodePort"] = json!(30080);
    t.create("default", s.clone()).unwrap();
    s["metadata"]["name"] = json!("web2");
    assert_eq!(
        t.create_err("default", s),
        "The Service \"web2\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated"
    );
    let mut c = service("cip");
    c["spec"]["ports"][0]["nodePort"] = json!(30081);
    assert_eq!(
        t.create_err("default", c),
        "The Service \"cip\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"
    );
}

#[test]
fn cluster_ip_already_allocated() {
    let mut t = T::new();
    let mut s = service("a");
    s["spec"]["clusterIP"] = json!("10.96.0.50");
    t.create("default", s.clone()).unwrap();
    s["metadata"]["name"] = json!("b");
    assert_eq!(
        t.create_err("default", s),
        "The Service \"b\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.50\"}: failed to allocate IP 10.96.0.50: provided IP is already allocated"
    );
}

#[test]
fn service_ports() {
    let mut t = T::new();
    let mut s = service("web");
    s["spec"]["ports"] = json!([]);
    assert_eq!(t.create_err("default", s), "The Service \"web\" is invalid: spec.ports: Required value");
    let mut s = service("web");
    s["spec"]["ports"] = json!([{"port": 80}, {"port": 443, "name": "https"}]);
    assert_eq!(
        t.create_err("default", s),
        "The Service \"web\" is invalid: spec.ports[0].name: Required value"
    );
    let mut s = service("web");
    s["spec"]["ports"] = json!([{"port": 70000}]);
    assert_eq!(
        t.create_err("default", s),
        // targetPort is defaulted from port first, so it is reported too.
        "The Service \"web\" is invalid: \n* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
    );
    let mut s = service("web");
    s["spec"]["type"] = json!("Bogus");
    assert_eq!(
        t.create_err("default", s),
        "The Service \"web\" is invalid: spec.type: Unsupported value: \"Bogus\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""
    );
    // Headless services need no ports.
    let mut s = service("headless");
    s["spec"]["clusterIP"] = json!("None");
    s["spec"]["ports"] = json!([]);
    let h = t.create("default", s).unwrap();
    assert_eq!(h["spec"]["clusterIPs"], json!(["None"]));
}

#[test]
fn config_map_keys() {
    let mut t = T::new();
    let cm =
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"bad key": "v"}});
    assert_eq!(
        t.create_err("default", cm),
        "The ConfigMap \"c\" is invalid: data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
    );
    let big = "x".repeat(1024 * 1024 + 1);
    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": big}});
    assert_eq!(
        t.create_err("default", cm),
        "The ConfigMap \"c\" is invalid: : Too long: may not be more than 1048576 bytes"
    );
}

#[test]
fn labels_are_validated() {
    let mut t = T::new();
    let mut d = deployment("web");
    d["metadata"]["labels"] = json!({"app": "-bad"});
    let e = t.create_err("default", d);
    assert!(
        e.starts_with("The Deployment \"web\" is invalid: metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters"),
        "{e}"
    );
}

#[test]
fn pod_spec_is_mostly_immutable() {
    let mut t = T::new();
    let p = t.create("default", crate::testutil::pod("p")).unwrap();
    let mut p = (*p).clone();
    p["spec"]["containers"][0]["image"] = json!("nginx:1.27");
    let p2 = t.update(p).unwrap();
    assert_eq!(p2.i64_at("metadata.generation"), Some(2));
    // Adding a toleration is allowed; removing one is not.
    let mut add = (*p2).clone();
    add["spec"]["tolerations"].as_array_mut().unwrap().push(json!({"key": "k", "operator": "Exists"}));
    let p2 = t.update(add).unwrap();
    let mut remove = (*p2).clone();
    remove["spec"]["tolerations"] = json!([]);
    assert!(t.update(remove).is_err());
    let mut p3 = (*p2).clone();
    p3["spec"]["containers"][0]["env"] = json!([{"name": "A", "value": "1"}]);
    let e = t.update(p3).unwrap_err().kubectl_message("");
    assert!(e.starts_with("The Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"), "{e}");
}

use kubeplay_model::object::ObjectExt;

#[test]
fn replicas_beyond_the_playground_limit_are_refused_with_a_reason() {
    assert_eq!(
        deploy_err(|d| d["spec"]["replicas"] = json!(1_000_000)),
        "The Deployment \"web\" is invalid: spec.replicas: Invalid value: 1000000: must be less than or equal to 10000 (a kubeplay playground limit)"
    );
    assert_eq!(
        deploy_err(|d| d["spec"]["replicas"] = json!(-1)),
        "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
    );
}

/// `spec:` with only a comment under it is a null: Go decodes it (and an absent spec) as the
/// zero struct, which defaulting then fills, so only what defaulting cannot supply is reported.
#[test]
fn null_spec_validates_as_the_defaulted_zero_struct() {
    let mut t = T::new();
    for spec in [Some(Value::Null), None] {
        let mut svc = service("web");
        match &spec {
            Some(v) => svc["spec"] = v.clone(),
            None => {
                svc.as_object_mut().unwrap().remove("spec");
            }
        }
        // sessionAffinity and type default; ports cannot.
        assert_eq!(
            t.create_err("default", svc),
            "The Service \"web\" is invalid: spec.ports: Required value"
        );
        let mut d = deployment("web");
        match &spec {
            Some(v) => d["spec"] = v.clone(),
            None => {
                d.as_object_mut().unwrap().remove("spec");
            }
        }
        let mut p = crate::testutil::pod("p");
        match &spec {
            Some(v) => p["spec"] = v.clone(),
            None => {
                p.as_object_mut().unwrap().remove("spec");
            }
        }
        assert_eq!(t.create_err("default", p), "The Pod \"p\" is invalid: spec.containers: Required value");
        // ValidateDeploymentSpec on the zero spec: no selector (so the template's nil labels do
        // not match it), and the zero pod template has no containers.
        assert_eq!(
            t.create_err("default", d),
            "The Deployment \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`\n* spec.template.spec.containers: Required value"
        );
    }
}
