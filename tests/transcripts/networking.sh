# expose / run / port-forward / curl. Service columns §8.2 (PORT(S) `8080:3xxxx/TCP` for
# NodePort), port-forward lines from kubectl 1.33, the Service→targetPort translation kubectl
# does for `port-forward svc/…`, `Handling connection for N`, curl's exit-7 message when
# nothing listens.
kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80
kubectl rollout status deployment/web
kubectl expose deployment web --port=8080 --target-port=80
kubectl expose deployment web --port=80 --type=NodePort --name=web-np
kubectl get svc
kubectl get endpoints web
kubectl run client --image=busybox:1.36 -- sleep 3600
kubectl wait --for=condition=Ready pod/client --timeout=60s
kubectl exec client -- wget -qO- http://web:8080
kubectl exec client -- nslookup web
kubectl port-forward svc/web 9000:8080 &
curl -s http://localhost:9000/
curl -s http://localhost:9001/
kubectl port-forward svc/web 9000:8080
kubectl port-forward deploy/web :80
kubectl port-forward pod/client 9100:80 &
curl -s localhost:9100
