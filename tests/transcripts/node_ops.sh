# cordon / uncordon / drain / taint (node(s) lines, SchedulingDisabled status §8.2, eviction
# lines, taint errors) and top.
kubectl apply -f k8s/web.yaml
kubectl rollout status deployment/web
kubectl get pods -o wide
kubectl cordon kubeplay-worker
kubectl cordon kubeplay-worker
kubectl get nodes
kubectl drain kubeplay-worker --ignore-daemonsets
kubectl get pods -o wide
kubectl uncordon kubeplay-worker
kubectl uncordon kubeplay-worker
kubectl taint nodes kubeplay-worker2 dedicated=gpu:NoSchedule
kubectl taint nodes kubeplay-worker2 dedicated=gpu:NoSchedule
kubectl taint nodes kubeplay-worker2 dedicated:NoSchedule-
kubectl taint nodes kubeplay-worker2 dedicated:NoSchedule-
kubectl describe node kubeplay-worker2
kubectl top nodes
kubectl top pods
kubectl get node nope
