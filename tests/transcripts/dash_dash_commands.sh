# The words after `--` (issue 12, item 1). The --dry-run=client -o yaml outputs and the error
# lines of `create` were produced by kubectl.1.33 offline; exec's checks follow exec.go (v1.33)
# Complete/Validate (kubectl.1.33 offline for the ones that need no server); run's follow run.go
# (`NAME is required for run` when `--` comes first). Jobs are not run here (no Job controller),
# so `create job` is offered as a dry run only.
kubectl create deployment web --image=busybox:1.36 --replicas=3 --dry-run=client -o yaml -- sleep 3600
kubectl create deployment web --image=busybox --port=80 --dry-run=client -o yaml -- sleep 1
kubectl create job hello --image=busybox:1.36 --dry-run=client -o yaml -- echo hello
kubectl create job hello --image=busybox:1.36 -n dev --dry-run=client -o yaml
kubectl create deployment web --image=busybox --image=nginx -- sleep 3600
kubectl create deployment web a --image=busybox -- sleep 3600
kubectl create deployment --image=busybox -- sleep 3600
kubectl create job j --image=busybox --from=cronjob/x -- sleep 1
kubectl create job j1 j2 --image=busybox -- sleep 1
kubectl create job j1 -- sleep 1
kubectl create namespace foo --dry-run=client -o name -- bar
kubectl create job hello --image=busybox:1.36 --dry-run=server -- echo hello
kubectl create job hello --image=busybox:1.36 -- echo hello
kubectl create deployment web --image=busybox:1.36 --replicas=3 -- sleep 3600
sleep 10
kubectl get deploy web
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].command}'
echo
kubectl exec deploy/web -- echo hi
kubectl exec deploy/web ignored -- echo hi
kubectl exec deploy/web echo hi
kubectl exec -- ls
kubectl exec
kubectl exec deploy/web
kubectl run --image=busybox -- sleep 3600
kubectl run sleeper --image=busybox:1.36 -- sleep 3600
kubectl get pod sleeper -o jsonpath='{.spec.containers[0].args}'
echo
kubectl run sleeper2 --image=busybox:1.36 --command -- sleep 3600
kubectl get pod sleeper2 -o jsonpath='{.spec.containers[0].command}'
echo
