kubectl create -n default -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
  namespace: other
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1000000
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
---
kind: ConfigMap
metadata:
  name: no-version
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: d
EOF
kubectl get configmaps a c d -o name
