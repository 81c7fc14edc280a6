# `kubectl apply`: created / configured / unchanged (§8.4, §8.6), the last-applied annotation
# as compact JSON with `"annotations":{}` and the namespace filled in (§8.6), the missing
# annotation warning (§8.6, exact text), directories, `-f -` heredocs, several -f, and errors:
# YAML syntax, `kind not set` and missing-path errors (checked with kubectl.1.33 offline),
# strict decoding (server BadRequest), invalid objects (§1.4 selector mismatch, v1.33 map form).
kubectl apply -f k8s/web.yaml
kubectl apply -f k8s/web.yaml
kubectl apply -f k8s/web-v2.yaml
kubectl get deploy web -o jsonpath='{.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}'
echo
kubectl apply -f k8s/app/
kubectl apply -f k8s/app
kubectl apply -f k8s/app/config.yaml -f k8s/backend.yaml
kubectl create configmap plain --from-literal=k=v
kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: plain
data:
  k: v2
EOF
kubectl get cm plain -o jsonpath='{.data.k}'
echo
kubectl apply -f k8s/bad-syntax.yaml
kubectl apply -f k8s/bad-field.yaml
kubectl apply -f k8s/bad-selector.yaml
kubectl apply -f k8s/no-kind.yaml
kubectl apply -f k8s/missing.yaml
kubectl apply -f k8s/web.yaml -n other
kubectl apply -f k8s/web.yaml --dry-run=client
kubectl apply -f k8s/web.yaml --dry-run=server
kubectl apply -f k8s/app/config.yaml -o yaml
