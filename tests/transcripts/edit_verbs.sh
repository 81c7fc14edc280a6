# patch / scale / label / annotate / set image / set env. Lines from §8.4 (`patched`,
# `patched (no change)`, `scaled`, `labeled`, `annotated`, `image updated`, `env updated`) and
# kubectl 1.33's label rules (`'tier' already has a value (frontend), and --overwrite is false`,
# `unlabeled`, `label "x" not found.`).
kubectl apply -f k8s/web.yaml
sleep 30
kubectl scale deploy web --replicas=2
kubectl scale deploy/web --replicas=2
kubectl scale deploy web --replicas=-1
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl patch deployment web --type=merge -p '{"metadata":{"labels":{"team":"a"}}}'
kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'
kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/nope/x","value":1}]'
kubectl patch deployment nope -p '{"spec":{}}'
kubectl get deploy web -o jsonpath='{.spec.replicas} {.metadata.labels}'
echo
kubectl label deployment web tier=frontend
kubectl label deployment web tier=backend
kubectl label deployment web tier=backend --overwrite
kubectl label deployment web tier-
kubectl label deployment web missing-
kubectl label deployment web app=web
kubectl annotate deployment web owner=alice
kubectl annotate deployment web owner=bob
kubectl annotate deployment web owner=bob --overwrite
kubectl get deploy web --show-labels
kubectl set image deployment/web nginx=nginx:1.28
kubectl set image deployment/web nope=nginx:1.28
kubectl set env deployment/web MODE=prod
kubectl set env deployment/web --list
kubectl set env deployment/web MODE-
kubectl rollout status deployment/web
kubectl get deploy web -o wide
