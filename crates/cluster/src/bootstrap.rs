//! What a fresh kind cluster has: namespaces, Ready nodes, the `kubernetes` Service with its
//! Endpoints and EndpointSlice, and CoreDNS (`kube-dns` Service, `coredns` Deployment with its
//! ConfigMap and ServiceAccount) brought up by the normal controllers, scheduler and kubelets.

use kubeplay_apiserver::Ctx;
use kubeplay_controllers::deployment::util::status_i64;
use kubeplay_model::{Object, ObjectExt};
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
        if self.now < start {
            let ms = start.millis() - self.now.millis();
            self.advance(ms);
        }
    }
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
