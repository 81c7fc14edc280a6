# A command right after a waiting one (issue 12, item 2). A `rollout status --timeout` that times
# out stops the clock at the deadline, as kubectl's own timer does; a `wait` that is satisfied
# returns at the instant the condition held. Either way the next command's reactions run at once
# (controllers react within milliseconds): `scale --replicas=0` then `get deploy` shows 0/0 0 0,
# as it does when no wait came before.
kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl rollout status deployment/web --timeout=1s
kubectl scale deployment web --replicas=0
kubectl get deploy web
kubectl scale deployment web --replicas=3
kubectl wait --for=condition=Ready pod -l app=web --timeout=60s
kubectl scale deployment web --replicas=0
kubectl get deploy web
kubectl get rs
