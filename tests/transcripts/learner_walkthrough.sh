# A learner's walk through the verbs the other transcripts leave out: apply with several -f,
# `get -w` during creation and during a rolling update, jsonpath/go-template with missing keys
# (kubectl's default --allow-missing-template-keys=true prints nothing; =false gives the
# jsonpath error, checked offline against kubectl.1.33 with a local object), rollout history
# --revision (kubectl prints DescribePodTemplate through a bare PrefixWriter: raw tabs, no
# tabwriter, as polymorphichelpers/history.go does), exec with printenv / cat /etc/hosts /
# hostname / ls / echo, an interactive `exec -it … -- sh` session, exec into an image without a
# shell (`error: Internal error occurred: …`, exit 1, no `command terminated` line), describe of a
# ReplicaSet (§8.7), explain --recursive, and `--help` (kubectl.1.33 exec --help, byte for byte).
# Watch lines are each flushed alone (tabwriter reset per event), as kubectl prints them.
kubectl apply -f k8s/web.yaml -f k8s/backend.yaml
kubectl get pods -w
sleep 10
kubectl get deploy web -o jsonpath='{.spec.nope}'
kubectl get deploy web -o jsonpath='{.spec.replicas}{"\n"}'
kubectl get service web -o jsonpath='{.spec.nope}' --allow-missing-template-keys=false
kubectl get deploy web -o go-template='{{.spec.replicas}}{{"\n"}}'
kubectl set image deployment/web nginx=nginx:1.28
kubectl get pods -l app=web -w
sleep 30
kubectl rollout history deployment/web --revision=2
kubectl exec -it deploy/web -- sh
hostname
echo $WEB_SERVICE_PORT
exit
kubectl exec -it deploy/backend -- sh
kubectl exec deploy/web -- printenv HOSTNAME
kubectl exec deploy/web -- cat /etc/hosts
kubectl exec deploy/web -- hostname
kubectl exec deploy/web -- ls /
kubectl exec deploy/web -- echo hello world
kubectl describe replicaset -l app=backend
kubectl explain deployment.spec.strategy --recursive
kubectl exec --help
