//! What a fresh kind cluster has: namespaces, Ready nodes, the `kubernetes` Service with its
//! Endpoints and EndpointSlice, CoreDNS (`kube-dns` Service, `coredns` Deployment with its
//! ConfigMap and ServiceAccount) brought up by the normal controllers, scheduler and kubelets,
//! and what kind runs besides (`system_pods`): kubeadm's static control-plane pods, the
//! kube-proxy and kindnet DaemonSets' pods on every node, and the local-path provisioner.

use kubeplay_apiserver::Ctx;
use kubeplay_controllers::deployment::util::{compute_hash, status_i64};
use kubeplay_model::{Object, ObjectExt, SimRng};
use serde_json::{json, Value};

use crate::{Cluster, NodeSpec};

/// The bootstrap starts this long before `ClusterConfig::start`.
pub const BOOTSTRAP_SECS: i64 = 300;
pub const KUBELET_VERSION: &str = "v1.33.1";

const COREFILE: &str = ".:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30 {\n       disable success cluster.local\n       disable denial cluster.local\n    }\n    loop\n    reload\n    loadbalance\n}\n";

impl Cluster {
    fn boot_create(&mut self, obj: Object) -> Option<std::sync::Arc<Object>> {
        let ns = obj.namespace().to_string();
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng, manager: "kubeadm", dry_run: false };
        let r = self.api.create(&mut ctx, &ns, obj).ok();
        self.drain_watch();
        r
    }

    fn node_object(&mut self, i: usize, spec: &NodeSpec) -> Object {
        let mut labels = json!({
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": spec.name,
            "kubernetes.io/os": "linux",
        });
        if spec.control_plane {
            labels["node-role.kubernetes.io/control-plane"] = json!("");
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = json!("");
        }
        for (k, v) in &spec.labels {
            labels[k] = json!(v);
        }
        let mut taints: Vec<Value> = Vec::new();
        if spec.control_plane {
            taints.push(json!({"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}));
        }
        for (k, v, e) in &spec.taints {
            let mut t = json!({"key": k, "effect": e});
            if !v.is_empty() {
                t["value"] = json!(v);
            }
            taints.push(t);
        }
        let cidr = format!("10.244.{i}.0/24");
        let mut node = json!({
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "name": spec.name,
                "labels": labels,
                "annotations": {
                    "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
                    "node.alpha.kubernetes.io/ttl": "0",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                },
            },
            "spec": {"podCIDR": cidr, "podCIDRs": [cidr], "providerID": format!("kind://docker/kubeplay/{}", spec.name)},
        });
        if !taints.is_empty() {
            node["spec"]["taints"] = json!(taints);
        }
        node
    }

    fn node_status(&mut self, i: usize, spec: &NodeSpec) -> Value {
        let t = self.now.to_rfc3339();
        let cond = |type_: &str, status: &str, reason: &str, message: &str| json!({"type": type_, "status": status, "lastHeartbeatTime": t, "lastTransitionTime": t, "reason": reason, "message": message});
        let resources = json!({
            "cpu": spec.cpu,
            "ephemeral-storage": "102625208Ki",
            "hugepages-1Gi": "0",
            "hugepages-2Mi": "0",
            "memory": spec.memory,
            "pods": spec.pods.to_string(),
        });
        json!({
            "addresses": [
                {"address": format!("172.18.0.{}", i + 2), "type": "InternalIP"},
                {"address": spec.name, "type": "Hostname"},
            ],
            "allocatable": resources.clone(),
            "capacity": resources,
            "conditions": [
                cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": self.rng.uuid_v4(),
                "containerRuntimeVersion": "containerd://2.1.1",
                "kernelVersion": "6.8.0-1027-gcp",
                "kubeProxyVersion": KUBELET_VERSION,
                "kubeletVersion": KUBELET_VERSION,
                "machineID": self.rng.hex(16),
                "operatingSystem": "linux",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
                "systemUUID": self.rng.uuid_v4(),
            },
        })
    }

    pub(crate) fn bootstrap(&mut self) {
        for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            self.boot_create(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}));
        }
        let specs = self.cfg.nodes.clone();
        for (i, spec) in specs.iter().enumerate() {
            let node = self.node_object(i, spec);
            if let Some(created) = self.boot_create(node) {
                let mut n = (*created).clone();
                n["status"] = self.node_status(i, spec);
                let mut ctx = Ctx { now: self.now, rng: &mut self.rng, manager: "kubelet", dry_run: false };
                let _ = self.api.update_status(&mut ctx, n);
                self.drain_watch();
            }
        }
        let api_ip = "172.18.0.2";
        self.boot_create(json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "kubernetes", "namespace": "default", "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                     "type": "ClusterIP", "sessionAffinity": "None"},
        }));
        self.boot_create(json!({
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": {"name": "kubernetes", "namespace": "default", "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": [{"ip": api_ip}], "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}],
        }));
        self.boot_create(json!({
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": "kubernetes", "namespace": "default", "labels": {"kubernetes.io/service-name": "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [api_ip], "conditions": {"ready": true}}],
            "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}],
        }));
        self.boot_create(json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "coredns", "namespace": "kube-system"},
            "data": {"Corefile": COREFILE},
        }));
        self.boot_create(json!({
            "apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "coredns", "namespace": "kube-system"},
        }));
        self.boot_create(json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {
                "name": "kube-dns", "namespace": "kube-system",
                "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"},
                "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
            },
            "spec": {
                "clusterIP": "10.96.0.10",
                "selector": {"k8s-app": "kube-dns"},
                "ports": [
                    {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                    {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                    {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153},
                ],
            },
        }));
        self.boot_create(coredns_deployment());
        // Let the controllers, scheduler and kubelets bring CoreDNS up, then move the clock to
        // `start` (processing whatever is due on the way).
        let start = self.cfg.start;
        let limit = (start.millis() - self.now.millis()).max(0);
        self.advance_until(limit, &mut |c: &Cluster| {
            c.api
                .get("deployments", "kube-system", "coredns")
                .is_ok_and(|d| status_i64(&d, "availableReplicas") >= 2)
        });
        self.system_pods();
        if self.now < start {
            let ms = start.millis() - self.now.millis();
            self.advance(ms);
        }
    }
}

/// The random stream the system pods draw from (their uids, name suffixes, sandbox and start
/// delays), apart from the cluster's: everything else draws the same numbers as without them.
const SYSTEM_RNG_SALT: u64 = 0x6b69_6e64_7379_7374;

/// How long the bootstrap lets the system pods take to come up.
const SYSTEM_PODS_MS: i64 = 5_000;

/// kube-proxy's configuration as kubeadm writes it on kind (iptables mode).
const KUBE_PROXY_CONFIG: &str = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nbindAddress: 0.0.0.0\nclientConnection:\n  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\nclusterCIDR: 10.244.0.0/16\nconntrack:\n  maxPerCore: 0\nkind: KubeProxyConfiguration\nmode: iptables\n";
const KUBE_PROXY_KUBECONFIG: &str = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://kubeplay-control-plane:6443\n  name: default\ncontexts:\n- context:\n    cluster: default\n    namespace: default\n    user: default\n  name: default\ncurrent-context: default\nusers:\n- name: default\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n";

/// Images of kind v0.29's node image (Kubernetes v1.33.1).
const ETCD_IMAGE: &str = "registry.k8s.io/etcd:3.5.21-0";
const KINDNET_IMAGE: &str = "docker.io/kindest/kindnetd:v20250512-df8de77b";
const LOCAL_PATH_IMAGE: &str = "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a";
const LOCAL_PATH_HELPER_IMAGE: &str = "docker.io/kindest/local-path-helper:v20241212-8ac705d0";

impl Cluster {
    /// kind's system pods, created as they stand once the cluster is up. They run no probes
    /// and start nothing later, so they cost the engine nothing after the bootstrap.
    fn system_pods(&mut self) {
        let main_rng = std::mem::replace(&mut self.rng, SimRng::new(self.cfg.seed ^ SYSTEM_RNG_SALT));
        let nodes: Vec<(String, bool)> =
            self.cfg.nodes.iter().map(|n| (n.name.clone(), n.control_plane)).collect();
        let control_plane = nodes.iter().find(|(_, cp)| *cp).or(nodes.first()).map(|(n, _)| n.clone());
        if let Some(cp) = &control_plane {
            let uid = self.api.get("nodes", "", cp).map(|n| n.uid().to_string()).unwrap_or_default();
            for component in ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] {
                let pod = static_pod(component, cp, &uid, self.now.to_rfc3339());
                self.boot_create(pod);
            }
        }
        let names: Vec<String> = nodes.iter().map(|(n, _)| n.clone()).collect();
        for sa in ["kube-proxy", "kindnet"] {
            self.boot_create(json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": sa, "namespace": "kube-system"}}));
        }
        self.boot_create(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"app": "kube-proxy"}},
            "data": {"config.conf": KUBE_PROXY_CONFIG, "kubeconfig.conf": KUBE_PROXY_KUBECONFIG}}));
        for ds in [kube_proxy_daemonset(), kindnet_daemonset()] {
            self.daemonset_with_pods(ds, &names);
        }
        if let Some(cp) = &control_plane {
            self.local_path_provisioner(cp);
        }
        // Sandboxes and starts take about two seconds; a fixed wait costs less than asking
        // after every work item whether all of them run.
        let wait = SYSTEM_PODS_MS.min((self.cfg.start.millis() - self.now.millis()).max(0));
        self.advance(wait);
        self.rng = main_rng;
    }

    /// A DaemonSet with its pod on every node (bound as the DaemonSet controller and the
    /// scheduler bind them) and its status counting them.
    fn daemonset_with_pods(&mut self, ds: Object, nodes: &[String]) {
        let Some(created) = self.boot_create(ds) else { return };
        let name = created.name().to_string();
        let template = created.at("spec.template").cloned().unwrap_or(Value::Null);
        let hash = compute_hash(Some(&template), None);
        for node in nodes {
            let mut pod = json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {
                    "generateName": format!("{name}-"),
                    "namespace": "kube-system",
                    "labels": template.at("metadata.labels").cloned().unwrap_or(json!({})),
                    "ownerReferences": [{
                        "apiVersion": "apps/v1", "kind": "DaemonSet", "name": name, "uid": created.uid(),
                        "controller": true, "blockOwnerDeletion": true,
                    }],
                },
                "spec": template.get("spec").cloned().unwrap_or(json!({})),
            });
            pod["metadata"]["labels"]["controller-revision-hash"] = json!(hash);
            pod["metadata"]["labels"]["pod-template-generation"] = json!("1");
            pod["spec"]["nodeName"] = json!(node);
            pod["spec"]["affinity"] = json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]}}});
            let tolerations = pod["spec"]["tolerations"].as_array().cloned().unwrap_or_default();
            pod["spec"]["tolerations"] = json!(daemonset_tolerations(tolerations));
            self.boot_create(pod);
        }
        let n = nodes.len();
        let mut with_status = (*created).clone();
        with_status["status"] = json!({
            "currentNumberScheduled": n, "desiredNumberScheduled": n, "numberAvailable": n,
            "numberMisscheduled": 0, "numberReady": n, "observedGeneration": 1, "updatedNumberScheduled": n,
        });
        let mut ctx =
            Ctx { now: self.now, rng: &mut self.rng, manager: "kube-controller-manager", dry_run: false };
        let _ = self.api.update_status(&mut ctx, with_status);
        self.drain_watch();
    }

    /// kind's `local-path-storage` namespace: the provisioner's Deployment, its ReplicaSet and
    /// pod on the control-plane node (where kind's single-node bootstrap places it).
    fn local_path_provisioner(&mut self, control_plane: &str) {
        let ns = "local-path-storage";
        self.boot_create(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}));
        self.boot_create(json!({"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": "local-path-provisioner-service-account", "namespace": ns}}));
        self.boot_create(json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "local-path-config", "namespace": ns},
            "data": {
                "config.json": "{\n        \"nodePathMap\":[\n        {\n                \"node\":\"DEFAULT_PATH_FOR_NON_LISTED_NODES\",\n                \"paths\":[\"/var/local-path-provisioner\"]\n        }\n        ]\n}",
                "helperPod.yaml": format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: helper-pod\nspec:\n  containers:\n  - name: helper-pod\n    image: {LOCAL_PATH_HELPER_IMAGE}\n    imagePullPolicy: IfNotPresent"),
                "setup": "#!/bin/sh\nset -eu\nmkdir -m 0777 -p \"$VOL_DIR\"",
                "teardown": "#!/bin/sh\nset -eu\nrm -rf \"$VOL_DIR\"",
            }}));
        let Some(deploy) = self.boot_create(local_path_deployment()) else { return };
        let template = deploy.at("spec.template").cloned().unwrap_or(Value::Null);
        let hash = compute_hash(Some(&template), None);
        let mut rs_template = template.clone();
        rs_template["metadata"]["labels"]["pod-template-hash"] = json!(hash);
        let rs_name = format!("local-path-provisioner-{hash}");
        let Some(rs) = self.boot_create(json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {
                "name": rs_name, "namespace": ns,
                "labels": rs_template.at("metadata.labels").cloned().unwrap_or(json!({})),
                "annotations": {"deployment.kubernetes.io/desired-replicas": "1", "deployment.kubernetes.io/max-replicas": "2", "deployment.kubernetes.io/revision": "1"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "local-path-provisioner",
                    "uid": deploy.uid(), "controller": true, "blockOwnerDeletion": true}],
            },
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": {"app": "local-path-provisioner", "pod-template-hash": hash}},
                "template": rs_template,
            },
        })) else {
            return;
        };
        let mut pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {
                "generateName": format!("{rs_name}-"),
                "namespace": ns,
                "labels": rs.at("spec.template.metadata.labels").cloned().unwrap_or(json!({})),
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs_name,
                    "uid": rs.uid(), "controller": true, "blockOwnerDeletion": true}],
            },
            "spec": rs.at("spec.template.spec").cloned().unwrap_or(json!({})),
        });
        pod["spec"]["nodeName"] = json!(control_plane);
        self.boot_create(pod);
    }
}

/// The tolerations the DaemonSet controller adds to its pods (`util.AddOrUpdateDaemonPodTolerations`).
fn daemonset_tolerations(mut from_template: Vec<Value>) -> Vec<Value> {
    for (key, effect) in [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
        ("node.kubernetes.io/network-unavailable", "NoSchedule"),
    ] {
        from_template.push(json!({"effect": effect, "key": key, "operator": "Exists"}));
    }
    from_template
}

/// A kubeadm static pod as the API server holds its mirror: owned by the node, annotated with
/// the manifest's hash and source, host network, node-critical priority.
fn static_pod(component: &str, node: &str, node_uid: &str, seen: String) -> Object {
    let ip = "172.18.0.2";
    let (image, command, cpu, mounts): (String, Vec<String>, &str, Vec<(&str, &str)>) = match component {
        "etcd" => (
            ETCD_IMAGE.into(),
            vec![
                "etcd".into(),
                format!("--advertise-client-urls=https://{ip}:2379"),
                "--cert-file=/etc/kubernetes/pki/etcd/server.crt".into(),
                "--client-cert-auth=true".into(),
                "--data-dir=/var/lib/etcd".into(),
                "--experimental-initial-corrupt-check=true".into(),
                "--experimental-watch-progress-notify-interval=5s".into(),
                format!("--initial-advertise-peer-urls=https://{ip}:2380"),
                format!("--initial-cluster={node}=https://{ip}:2380"),
                "--key-file=/etc/kubernetes/pki/etcd/server.key".into(),
                format!("--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379"),
                "--listen-metrics-urls=http://127.0.0.1:2381".into(),
                format!("--listen-peer-urls=https://{ip}:2380"),
                format!("--name={node}"),
                "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt".into(),
                "--peer-client-cert-auth=true".into(),
                "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key".into(),
                "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt".into(),
                "--snapshot-count=10000".into(),
                "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt".into(),
            ],
            "100m",
            vec![("etcd-data", "/var/lib/etcd"), ("etcd-certs", "/etc/kubernetes/pki/etcd")],
        ),
        "kube-apiserver" => (
            format!("registry.k8s.io/kube-apiserver:{}", KUBELET_VERSION),
            vec![
                "kube-apiserver".into(),
                format!("--advertise-address={ip}"),
                "--allow-privileged=true".into(),
                "--authorization-mode=Node,RBAC".into(),
                "--client-ca-file=/etc/kubernetes/pki/ca.crt".into(),
                "--enable-admission-plugins=NodeRestriction".into(),
                "--enable-bootstrap-token-auth=true".into(),
                "--etcd-servers=https://127.0.0.1:2379".into(),
                "--runtime-config=".into(),
                "--secure-port=6443".into(),
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local".into(),
                "--service-cluster-ip-range=10.96.0.0/16".into(),
                "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt".into(),
                "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key".into(),
            ],
            "250m",
            vec![("ca-certs", "/etc/ssl/certs"), ("k8s-certs", "/etc/kubernetes/pki")],
        ),
        "kube-controller-manager" => (
            format!("registry.k8s.io/kube-controller-manager:{}", KUBELET_VERSION),
            vec![
                "kube-controller-manager".into(),
                "--allocate-node-cidrs=true".into(),
                "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf".into(),
                "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf".into(),
                "--bind-address=127.0.0.1".into(),
                "--client-ca-file=/etc/kubernetes/pki/ca.crt".into(),
                "--cluster-cidr=10.244.0.0/16".into(),
                "--cluster-name=kubeplay".into(),
                "--controllers=*,bootstrapsigner,tokencleaner".into(),
                "--enable-hostpath-provisioner=true".into(),
                "--kubeconfig=/etc/kubernetes/controller-manager.conf".into(),
                "--leader-elect=true".into(),
                "--service-cluster-ip-range=10.96.0.0/16".into(),
                "--use-service-account-credentials=true".into(),
            ],
            "200m",
            vec![
                ("ca-certs", "/etc/ssl/certs"),
                ("k8s-certs", "/etc/kubernetes/pki"),
                ("kubeconfig", "/etc/kubernetes/controller-manager.conf"),
            ],
        ),
        _ => (
            format!("registry.k8s.io/kube-scheduler:{}", KUBELET_VERSION),
            vec![
                "kube-scheduler".into(),
                "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf".into(),
                "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf".into(),
                "--bind-address=127.0.0.1".into(),
                "--kubeconfig=/etc/kubernetes/scheduler.conf".into(),
                "--leader-elect=true".into(),
            ],
            "100m",
            vec![("kubeconfig", "/etc/kubernetes/scheduler.conf")],
        ),
    };
    let hash = kubeplay_model::rng::fnv1a32(format!("{component}{node}").as_bytes());
    let hash = format!(
        "{hash:08x}{:08x}{:08x}{:08x}",
        hash.rotate_left(8),
        hash.rotate_left(16),
        hash.rotate_left(24)
    );
    let mut requests = json!({"cpu": cpu});
    if component == "etcd" {
        requests["memory"] = json!("100Mi");
    }
    let mut annotations = json!({
        "kubernetes.io/config.hash": hash,
        "kubernetes.io/config.mirror": hash,
        "kubernetes.io/config.seen": seen,
        "kubernetes.io/config.source": "file",
    });
    match component {
        "etcd" => {
            annotations["kubeadm.kubernetes.io/etcd.advertise-client-urls"] =
                json!(format!("https://{ip}:2379"))
        }
        "kube-apiserver" => {
            annotations["kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint"] =
                json!(format!("{ip}:6443"))
        }
        _ => {}
    }
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": format!("{component}-{node}"),
            "namespace": "kube-system",
            "labels": {"component": component, "tier": "control-plane"},
            "annotations": annotations,
            "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node, "uid": node_uid, "controller": true}],
        },
        "spec": {
            "containers": [{
                "name": component,
                "image": image,
                "imagePullPolicy": "IfNotPresent",
                "command": command,
                "resources": {"requests": requests},
                "volumeMounts": mounts.iter().map(|(n, p)| json!({"mountPath": p, "name": n})).collect::<Vec<_>>(),
            }],
            "hostNetwork": true,
            "nodeName": node,
            "priority": 2000001000,
            "priorityClassName": "system-node-critical",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "tolerations": [{"effect": "NoExecute", "operator": "Exists"}],
            "volumes": mounts.iter().map(|(n, p)| {
                let kind = if p.ends_with(".conf") { "FileOrCreate" } else { "DirectoryOrCreate" };
                json!({"hostPath": {"path": p, "type": kind}, "name": n})
            }).collect::<Vec<_>>(),
        },
    })
}

fn kube_proxy_daemonset() -> Object {
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"k8s-app": "kube-proxy"},
            "annotations": {"deprecated.daemonset.template.generation": "1"}},
        "spec": {
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                "spec": {
                    "containers": [{
                        "name": "kube-proxy",
                        "image": format!("registry.k8s.io/kube-proxy:{}", KUBELET_VERSION),
                        "imagePullPolicy": "IfNotPresent",
                        "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
                        "env": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}],
                        "securityContext": {"privileged": true},
                        "volumeMounts": [
                            {"mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"},
                            {"mountPath": "/run/xtables.lock", "name": "xtables-lock"},
                            {"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": true},
                        ],
                    }],
                    "hostNetwork": true,
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "priorityClassName": "system-node-critical",
                    "serviceAccountName": "kube-proxy",
                    "tolerations": [{"operator": "Exists"}],
                    "volumes": [
                        {"configMap": {"name": "kube-proxy"}, "name": "kube-proxy"},
                        {"hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}, "name": "xtables-lock"},
                        {"hostPath": {"path": "/lib/modules", "type": ""}, "name": "lib-modules"},
                    ],
                },
            },
            "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"},
        },
    })
}

fn kindnet_daemonset() -> Object {
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "kindnet", "namespace": "kube-system", "labels": {"app": "kindnet", "k8s-app": "kindnet", "tier": "node"},
            "annotations": {"deprecated.daemonset.template.generation": "1"}},
        "spec": {
            "selector": {"matchLabels": {"app": "kindnet"}},
            "template": {
                "metadata": {"labels": {"app": "kindnet", "k8s-app": "kindnet", "tier": "node"}},
                "spec": {
                    "containers": [{
                        "name": "kindnet-cni",
                        "image": KINDNET_IMAGE,
                        "imagePullPolicy": "IfNotPresent",
                        "command": ["/bin/kindnetd"],
                        "env": [
                            {"name": "HOST_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.hostIP"}}},
                            {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}},
                            {"name": "POD_SUBNET", "value": "10.244.0.0/16"},
                            {"name": "CONTROL_PLANE_ENDPOINT", "value": "kubeplay-control-plane:6443"},
                        ],
                        "resources": {"limits": {"cpu": "100m", "memory": "50Mi"}, "requests": {"cpu": "100m", "memory": "50Mi"}},
                        "securityContext": {"capabilities": {"add": ["NET_RAW", "NET_ADMIN"]}, "privileged": false},
                        "volumeMounts": [
                            {"mountPath": "/etc/cni/net.d", "name": "cni-cfg"},
                            {"mountPath": "/run/xtables.lock", "name": "xtables-lock"},
                            {"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": true},
                        ],
                    }],
                    "hostNetwork": true,
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "serviceAccountName": "kindnet",
                    "tolerations": [{"operator": "Exists"}],
                    "volumes": [
                        {"hostPath": {"path": "/etc/cni/net.d", "type": "DirectoryOrCreate"}, "name": "cni-cfg"},
                        {"hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}, "name": "xtables-lock"},
                        {"hostPath": {"path": "/lib/modules", "type": ""}, "name": "lib-modules"},
                    ],
                },
            },
            "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"},
        },
    })
}

fn local_path_deployment() -> Object {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "local-path-provisioner", "namespace": "local-path-storage"},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "local-path-provisioner"}},
            "template": {
                "metadata": {"labels": {"app": "local-path-provisioner"}},
                "spec": {
                    "containers": [{
                        "name": "local-path-provisioner",
                        "image": LOCAL_PATH_IMAGE,
                        "imagePullPolicy": "IfNotPresent",
                        "command": ["local-path-provisioner", "--debug", "start", "--helper-image", LOCAL_PATH_HELPER_IMAGE, "--config", "/etc/config/config.json"],
                        "env": [
                            {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
                            {"name": "CONFIG_MOUNT_PATH", "value": "/etc/config/"},
                        ],
                        "volumeMounts": [{"mountPath": "/etc/config/", "name": "config-volume"}],
                    }],
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "serviceAccountName": "local-path-provisioner-service-account",
                    "tolerations": [
                        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane", "operator": "Equal"},
                        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/master", "operator": "Equal"},
                    ],
                    "volumes": [{"configMap": {"name": "local-path-config"}, "name": "config-volume"}],
                },
            },
        },
    })
}

fn coredns_deployment() -> Object {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "coredns", "namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-dns"}},
                "spec": {
                    "containers": [{
                        "name": "coredns",
                        "image": "registry.k8s.io/coredns/coredns:v1.12.0",
                        "imagePullPolicy": "IfNotPresent",
                        "args": ["-conf", "/etc/coredns/Corefile"],
                        "ports": [
                            {"containerPort": 53, "name": "dns", "protocol": "UDP"},
                            {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                            {"containerPort": 9153, "name": "metrics", "protocol": "TCP"},
                        ],
                        "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                        "volumeMounts": [{"mountPath": "/etc/coredns", "name": "config-volume", "readOnly": true}],
                    }],
                    "dnsPolicy": "Default",
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "priorityClassName": "system-cluster-critical",
                    "serviceAccountName": "coredns",
                    "tolerations": [
                        {"key": "CriticalAddonsOnly", "operator": "Exists"},
                        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"},
                    ],
                    "volumes": [{"configMap": {"items": [{"key": "Corefile", "path": "Corefile"}], "name": "coredns"}, "name": "config-volume"}],
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use kubeplay_model::{Object, ObjectExt};
    use serde_json::Value;

    use crate::{Cluster, ClusterConfig};

    fn owner(p: &Object) -> (String, String) {
        let o = p.at("metadata.ownerReferences.0").cloned().unwrap_or(Value::Null);
        let s = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        (s("kind"), s("name"))
    }

    #[test]
    fn kube_system_holds_what_kind_runs() {
        let mut c = Cluster::new(ClusterConfig::default());
        let cp = "kubeplay-control-plane";
        for component in ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] {
            let name = format!("{component}-{cp}");
            let p = c.api().get("pods", "kube-system", &name).expect("static pod");
            assert_eq!(owner(&p), ("Node".to_string(), cp.to_string()), "{name}");
            assert_eq!(p.str_at("status.phase"), Some("Running"), "{name}");
            assert_eq!(p.str_at("status.podIP"), Some("172.18.0.2"), "{name}");
            let source = p.at("metadata.annotations").and_then(|a| a.get("kubernetes.io/config.source"));
            assert_eq!(source.and_then(Value::as_str), Some("file"), "{name}: a mirror of a static pod");
            assert_eq!(p.str_at("spec.priorityClassName"), Some("system-node-critical"));
            let logs = c.logs(&p, component, false).expect("logs");
            assert!(!logs.is_empty(), "{name} logs nothing");
        }
        let nodes: Vec<String> = c.api().list("nodes", None).iter().map(|n| n.name().to_string()).collect();
        for ds in ["kube-proxy", "kindnet"] {
            let pods: Vec<_> = c
                .api()
                .list("pods", Some("kube-system"))
                .into_iter()
                .filter(|p| owner(p) == ("DaemonSet".to_string(), ds.to_string()))
                .collect();
            let mut on: Vec<String> =
                pods.iter().map(|p| p.str_at("spec.nodeName").unwrap_or("").to_string()).collect();
            on.sort();
            assert_eq!(on, nodes, "{ds}: one pod per node");
            for p in &pods {
                assert!(
                    p.name().starts_with(&format!("{ds}-")) && p.name().len() == ds.len() + 6,
                    "{}",
                    p.name()
                );
                assert_eq!(p.str_at("status.phase"), Some("Running"));
            }
            let set = c.api().get("daemonsets", "kube-system", ds).expect("daemonset");
            assert_eq!(set.i64_at("status.numberReady"), Some(3));
        }
        let lp = c.api().list("pods", Some("local-path-storage"));
        assert_eq!(lp.len(), 1);
        assert!(lp[0].name().starts_with("local-path-provisioner-"));
        assert_eq!(lp[0].str_at("status.phase"), Some("Running"));
        let d =
            c.api().get("deployments", "local-path-storage", "local-path-provisioner").expect("deployment");
        assert_eq!(d.i64_at("status.availableReplicas"), Some(1));
        // They cost nothing per step: no work is queued for them, and an idle hour runs none.
        let system = |ns: &str| ns == "kube-system" || ns == "local-path-storage";
        assert!(!c.queued().any(|w| w.key.resource == "pods" && system(&w.key.namespace)));
        c.advance(3_600_000);
        assert!(!c.queued().any(|w| w.key.resource == "pods" && system(&w.key.namespace)));
        for p in c.api().list("pods", Some("kube-system")) {
            assert_eq!(p.i64_at("status.containerStatuses.0.restartCount"), Some(0), "{}", p.name());
        }
    }
}
