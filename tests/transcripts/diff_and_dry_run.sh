# diff -f (exit 1 when different, `diff -u -N` layout of kubectl's external diff) and dry runs
# (` (dry run)`, ` (server dry run)` suffixes, §8.4), nothing changing on the server.
kubectl apply -f k8s/web.yaml
kubectl diff -f k8s/web.yaml
kubectl diff -f k8s/web-v2.yaml
kubectl apply -f k8s/web-v2.yaml --dry-run=server
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'
echo
kubectl scale deploy web --replicas=5 --dry-run=client
kubectl delete deploy web --dry-run=server
kubectl get deploy web
kubectl diff -f k8s/backend.yaml
