# logs (-c, --tail, -l, --previous, -f bounded by the next command, deploy/x picking a pod with
# `Found N pods, using pod/…`) and exec (`-- cmd`, deploy/x, exit codes as
# `command terminated with exit code N`, the 1.33 errors checked offline above).
kubectl apply -f k8s/app/
kubectl apply -f k8s/backend.yaml
kubectl rollout status deployment/app
kubectl rollout status deployment/backend
kubectl logs deploy/app
kubectl logs deploy/backend --tail=1
kubectl logs -l app=backend
kubectl logs deploy/app -c nope
kubectl logs deploy/app --previous
kubectl exec deploy/app -- sh -c 'echo $GREETING'
kubectl exec deploy/app -- cat /etc/resolv.conf
kubectl exec deploy/app -- nslookup backend
kubectl exec deploy/app -- wget -qO- http://backend
kubectl exec deploy/app -- sh -c 'exit 3'
kubectl exec deploy/app -c nope -- ls
kubectl exec pod/nope -- ls
kubectl logs -f deploy/backend
kubectl exec deploy/app -- wget -qO- http://backend
sleep 2
