kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
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
  name: second
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
  labels: [
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: never
EOF
kubectl get configmaps first second -o name
kubectl get configmap never
kubectl get deployment web
