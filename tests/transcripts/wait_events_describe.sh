# wait (--for=condition=…, --for=delete, --for=jsonpath=…, timeouts `timed out waiting for the
# condition on …`), events (sorted by time), describe layouts (§8.7: Deployment, Pod, Service,
# events table with `(xN over M)`).
kubectl apply -f k8s/web.yaml
kubectl wait --for=condition=Available deployment/web --timeout=60s
kubectl wait --for=jsonpath='{.status.readyReplicas}'=3 deployment/web
kubectl wait --for=condition=Ready pod -l app=web
kubectl describe deployment web
kubectl describe service web
kubectl describe pod $(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')
kubectl describe pods web-nope
kubectl events
kubectl events --for deployment/web
kubectl delete pod -l app=web --wait=false
kubectl wait --for=delete pod -l app=web --timeout=5s
kubectl wait --for=condition=Available deployment/nope
kubectl create deployment broken --image=nginx:does-not-exist
kubectl wait --for=condition=Available deployment/broken --timeout=20s
kubectl get pods -l app=broken
kubectl events --types=Warning
