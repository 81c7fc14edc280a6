# Client-side usage errors. Every expectation here was checked against kubectl.1.33 running
# offline (stdout+stderr, exit 1), except the resource-type error (needs discovery: wording from
# kubectl's `the server doesn't have a resource type` in cmd/get).
kubectl gett pods
kubectl foo
kubectl get pods --foo
kubectl get pods -z
kubectl get pods -n
kubectl get pods --namespace
kubectl get pods -w=x
kubectl get
kubectl get podz
kubectl delete
kubectl scale deploy/web
kubectl scale deploy/web --replicas=x
kubectl logs
kubectl exec web ls
kubectl exec -it web
kubectl apply
kubectl create deployment web
kubectl create deployment web --image=nginx a b
kubectl create service foo web
kubectl create service clusterip web
kubectl create configmap c --from-literal=a
kubectl create deployment x --image=y --dry-run=xx
kubectl rollout status
kubectl rollout foo
kubectl label pods
kubectl port-forward web
kubectl wait
kubectl delete pod x --cascade=x
kubectl patch deploy web
kubectl patch deploy web -p '{}' --type=foo
kubectl explain
kubectl api-resources --foo
kubectl api-resources -o foo
kubectl top pod --foo
kubectl cordon
kubectl taint
kubectl config current-context
kubectl set foo bar
