# `kubectl delete`: confirmation lines (§8.4, v1.33 form without "from default namespace"),
# --wait advancing the clock until the pods are gone (§5.7 30 s grace), background cascade
# (§10), --cascade=orphan, -l, --all, --force warning (exact text from §5.7), -f, NotFound,
# `No resources found`.
kubectl apply -f k8s/web.yaml
kubectl apply -f k8s/backend.yaml
sleep 20
kubectl delete pod -l app=backend --wait=false
kubectl get pods -l app=backend
sleep 35
kubectl get pods -l app=backend
kubectl delete deployment backend --cascade=orphan
kubectl get rs -l app=backend
kubectl delete rs -l app=backend
kubectl delete svc backend
kubectl delete pod nope
kubectl delete pods -l app=nothing
kubectl delete pod $(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}') --grace-period=0 --force
kubectl delete -f k8s/web.yaml
kubectl get pods
kubectl create configmap a --from-literal=x=1
kubectl create configmap b --from-literal=x=1
kubectl delete cm --all
kubectl delete cm a --dry-run=client
kubectl delete pods
