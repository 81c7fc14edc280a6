//! The embedded examples. Each is a small `k8s/` folder: several files, each possibly multi-document.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    pub files: &'static [(&'static str, &'static str)],
    /// Console commands suggested after applying.
    pub try_next: &'static [&'static str],
}

/// The default example. Its objects are named `demo-…` so that the names tutorials use
/// (`kubectl create deployment web …`, `redis`, `nginx`) are free in the cluster it starts.
pub const DEFAULT_ID: &str = "web-redis";

const WEB_REDIS_WEB: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo-web
  labels:
    app: demo-web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: demo-web
  template:
    metadata:
      labels:
        app: demo-web
    spec:
      containers:
        - name: demo-web
          image: hashicorp/http-echo:1.0
          args: ["-text=hello from the web tier", "-listen=:5678"]
          ports:
            - containerPort: 5678
          env:
            - name: REDIS_HOST
              value: demo-redis
---
apiVersion: v1
kind: Service
metadata:
  name: demo-web
spec:
  selector:
    app: demo-web
  ports:
    - port: 80
      targetPort: 5678
"#;

const WEB_REDIS_REDIS: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo-redis
  labels:
    app: demo-redis
spec:
  replicas: 1
  selector:
    matchLabels:
      app: demo-redis
  template:
    metadata:
      labels:
        app: demo-redis
    spec:
      containers:
        - name: demo-redis
          image: redis:7.4
          ports:
            - containerPort: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: demo-redis
spec:
  selector:
    app: demo-redis
  ports:
    - port: 6379
"#;

const HELLO_NGINX: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  selector:
    app: hello
  ports:
    - port: 80
"#;

const ROLLING: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 4
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: shop
          image: nginx:1.26
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
  ports:
    - port: 80
"#;

const CONFIG_CM: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  GREETING: "hello"
  LOG_LEVEL: debug
---
apiVersion: v1
kind: Secret
metadata:
  name: app-secret
type: Opaque
stringData:
  DB_PASSWORD: s3cr3t
"#;

const CONFIG_DEPLOY: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: nginx:1.27
          envFrom:
            - configMapRef:
                name: app-config
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: app-secret
                  key: DB_PASSWORD
"#;

const BROKEN_SELECTOR: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: frontend
        tier: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
---
# The selector says app=front-end, the pods are labelled app=frontend.
apiVersion: v1
kind: Service
metadata:
  name: frontend
spec:
  selector:
    app: front-end
  ports:
    - port: 80
"#;

const CRASH: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  replicas: 1
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: busybox:1.36
          command: ["sh", "-c", "echo starting; sleep 1; exit 1"]
"#;

const BLUE: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-blue
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app
      version: blue
  template:
    metadata:
      labels:
        app: app
        version: blue
    spec:
      containers:
        - name: app
          image: hashicorp/http-echo:1.0
          args: ["-text=blue"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-green
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app
      version: green
  template:
    metadata:
      labels:
        app: app
        version: green
    spec:
      containers:
        - name: app
          image: hashicorp/http-echo:1.0
          args: ["-text=green"]
"#;

const BLUE_SVC: &str = r#"# Switch traffic by changing version: blue → green and applying.
apiVersion: v1
kind: Service
metadata:
  name: app
spec:
  selector:
    app: app
    version: blue
  ports:
    - port: 80
      targetPort: 5678
"#;

const UNSCHEDULABLE: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  replicas: 2
  selector:
    matchLabels:
      app: big
  template:
    metadata:
      labels:
        app: big
    spec:
      containers:
        - name: big
          image: nginx:1.27
          resources:
            requests:
              cpu: "3"
              memory: 256Mi
"#;

/// The id of the example that starts an empty cluster (no files applied).
pub const EMPTY_ID: &str = "empty";

/// The file an empty cluster starts with: nothing to apply until the learner writes something.
pub const STARTER: (&str, &str) = (
    "app.yaml",
    "# An empty cluster. Write a manifest here (\"+ New…\" offers templates),\n# then press Ctrl+Enter to apply it, or type kubectl commands in the console.\n",
);

/// What "+ New…" offers: an empty file, or a small template per kind.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("Empty file", ""),
    (
        "Deployment",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: my-app\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: my-app\n  template:\n    metadata:\n      labels:\n        app: my-app\n    spec:\n      containers:\n        - name: nginx\n          image: nginx:1.27\n          ports:\n            - containerPort: 80\n",
    ),
    (
        "Service",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: my-app\nspec:\n  selector:\n    app: my-app\n  ports:\n    - port: 80\n      targetPort: 80\n",
    ),
    (
        "Pod",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: my-pod\nspec:\n  containers:\n    - name: nginx\n      image: nginx:1.27\n",
    ),
    (
        "ConfigMap",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: my-config\ndata:\n  greeting: hello\n",
    ),
];

pub const EXAMPLES: &[Example] = &[
    Example {
        id: DEFAULT_ID,
        title: "Web app + Redis",
        blurb: "A web tier (3 replicas) talking to a Redis backend through Services.",
        files: &[("web.yaml", WEB_REDIS_WEB), ("redis.yaml", WEB_REDIS_REDIS)],
        try_next: &["kubectl get pods", "kubectl scale deployment demo-web --replicas=5"],
    },
    Example {
        id: "hello-nginx",
        title: "Hello nginx",
        blurb: "The smallest useful app: a Deployment and a Service.",
        files: &[("hello.yaml", HELLO_NGINX)],
        try_next: &["kubectl get all"],
    },
    Example {
        id: "rolling-update",
        title: "Rolling update and rollback",
        blurb: "Change the image and watch old and new ReplicaSets trade pods; then roll back.",
        files: &[("shop.yaml", ROLLING)],
        try_next: &[
            "kubectl set image deployment/shop shop=nginx:1.27",
            "kubectl rollout status deployment/shop",
            "kubectl rollout undo deployment/shop",
        ],
    },
    Example {
        id: "config",
        title: "ConfigMap and Secret",
        blurb: "Environment from a ConfigMap and a Secret key.",
        files: &[("config.yaml", CONFIG_CM), ("api.yaml", CONFIG_DEPLOY)],
        try_next: &["kubectl get configmaps,secrets", "kubectl describe deployment api"],
    },
    Example {
        id: "broken-selector",
        title: "A broken selector",
        blurb: "The Service selects app=front-end but the pods say app=frontend: no endpoints.",
        files: &[("frontend.yaml", BROKEN_SELECTOR)],
        try_next: &["kubectl describe service frontend", "kubectl get endpoints frontend"],
    },
    Example {
        id: "crash-loop",
        title: "A crash loop",
        blurb: "A container that exits with code 1, restarted with growing back-off.",
        files: &[("worker.yaml", CRASH)],
        try_next: &["kubectl get pods -w", "kubectl logs deployment/worker --previous"],
    },
    Example {
        id: "blue-green",
        title: "Blue/green by Service selector",
        blurb: "Two versions side by side; the Service's selector decides which one gets traffic.",
        files: &[("deployments.yaml", BLUE), ("service.yaml", BLUE_SVC)],
        try_next: &["kubectl get endpoints app"],
    },
    Example {
        id: "unschedulable",
        title: "Scheduling failure",
        blurb: "Pods that ask for more CPU than any node has stay Pending.",
        files: &[("big.yaml", UNSCHEDULABLE)],
        try_next: &["kubectl describe pod -l app=big", "kubectl get events"],
    },
    Example {
        id: EMPTY_ID,
        title: "Empty cluster",
        blurb: "Nothing running yet: a clean slate for a tutorial.",
        files: &[],
        try_next: &["kubectl create deployment web --image=nginx", "kubectl get pods"],
    },
];

pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

pub fn default_example() -> &'static Example {
    &EXAMPLES[0]
}
