# `kubectl get` output formats. Checked against the spec §8.1–§8.3 (tabwriter minwidth 6,
# padding 3; NAMESPACE first with -A; LABELS last; -L columns; kind prefixes and blank lines
# between kinds; `No resources found in default namespace.`), §8.2 columns per kind, and
# kubectl 1.33 behaviour for -o name / jsonpath / custom-columns / yaml (List wrapper,
# managedFields hidden).
kubectl get pods
kubectl apply -f k8s/web.yaml
sleep 30
kubectl get pods -o wide
kubectl get pods --show-labels
kubectl get pods -L app,pod-template-hash
kubectl get pods -l app=web -o name
kubectl get pods -l 'app in (web,api)' --no-headers
kubectl get pods -l app!=web
kubectl get pods --field-selector status.phase=Running -o name
kubectl get pods --field-selector spec.foo=bar
kubectl get deploy,svc
kubectl get deploy/web svc/web
kubectl get all
kubectl get all -n kube-system
kubectl get pods -A
kubectl get nodes
kubectl get nodes -o wide
kubectl get svc web -o jsonpath='{.spec.ports[0].port}'
echo
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[*].image}'
echo
kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image
kubectl get cm kube-root-ca.crt -o name
kubectl get namespaces
kubectl get ns default -o yaml
kubectl get endpoints web
kubectl get endpointslices
kubectl get deployments.apps web
kubectl get deploy web -o json --show-managed-fields=false
kubectl get pods nope web
kubectl get pods -o foo
kubectl get secrets
