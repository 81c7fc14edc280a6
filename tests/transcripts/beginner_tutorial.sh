# The flow of a typical beginner tutorial (kubernetes.io "Deploy an app", "Scale", "Update",
# "Expose"), unchanged.
# Checked against the spec: confirmation lines (§8.4), rollout status lines (§8.5), rollout
# history table (§8.5), the 25%/25% rolling-update arithmetic (§3.4/§3.5: 3 replicas → 1 surge,
# 0 unavailable), pod replacement (§4), table columns (§8.1/§8.2), port-forward lines (kubectl
# 1.33 `Forwarding from 127.0.0.1:8080 -> 80` / `[::1]`, `Handling connection for 8080`).
# Pod names, IPs and ages come from the seeded simulation.
kubectl apply -f k8s/web.yaml
kubectl rollout status deployment/web
kubectl get deployments
kubectl get pods -l app=web
kubectl get services
# Scale out.
kubectl scale deployment web --replicas=4
kubectl rollout status deployment/web
kubectl get deployment web
# Rolling update, then back.
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web
kubectl get replicasets
kubectl rollout history deployment/web
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl get deployment web -o wide
# Self-healing: delete a pod, the ReplicaSet replaces it.
kubectl delete pod $(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')
kubectl get pods -l app=web
sleep 10
kubectl get pods -l app=web
# Service discovery by DNS name from inside a pod.
kubectl apply -f k8s/backend.yaml
kubectl rollout status deployment/backend
kubectl exec deploy/web -- curl -s http://backend
kubectl exec deploy/web -- curl -s http://backend.default.svc.cluster.local
# Reach the Service from the laptop.
kubectl port-forward service/web 8080:80 &
curl -s localhost:8080 | head -n 4
curl -s localhost:8080
