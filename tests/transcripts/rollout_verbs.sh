# rollout status|history|undo|restart|pause|resume. Checked against §8.5 (status lines,
# history table with its trailing space and blank line, --revision), §3.8 (undo: revision
# numbers, `skipped rollback`, `no rollout history found`, paused errors; pause/resume lines)
# and §8.4 (`restarted`).
kubectl apply -f k8s/web.yaml
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout undo deployment/web
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout history deployment/web --revision=2
kubectl rollout undo deployment/web --to-revision=5
kubectl rollout undo deployment/web --to-revision=2
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout pause deployment/web
kubectl rollout pause deployment/web
kubectl rollout undo deployment/web
kubectl rollout restart deployment/web
kubectl rollout resume deployment/web
kubectl rollout resume deployment/web
kubectl rollout restart deployment/web
kubectl rollout status deployment/web --timeout=2s
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout status deployment/nope
kubectl rollout status svc/web
