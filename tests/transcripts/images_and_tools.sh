# Images as a learner meets them (issue 12, items 9 and 12-14): a pod's own servers on localhost,
# the tools each image really ships (nginx -v/-t, curl -I, redis-cli through a Service, busybox's
# applets, nc, ps), python:3.12-slim pulling then crash-looping on a missing flask, a tag that
# cannot exist, and a placeholder image announced as simulated. Expectations: nginx 1.27 on Debian
# bookworm (no procps), redis 7.4 (redis-cli's non-terminal output), busybox 1.36, CPython's
# runpy message, containerd's `not found`, kubectl 1.33's exec and describe output.
kubectl create deployment web --image=nginx:1.27
kubectl create deployment cache --image=redis:7.4
kubectl expose deployment cache --port=6379
kubectl rollout status deployment/web
kubectl rollout status deployment/cache
kubectl exec deploy/web -- sh -c 'curl -s localhost | head -n 4'
kubectl exec deploy/web -- nginx -v
kubectl exec deploy/web -- nginx -t
kubectl exec deploy/web -- curl -sI http://127.0.0.1/
kubectl exec deploy/web -- head -n 4 /etc/nginx/conf.d/default.conf
kubectl exec deploy/web -- ps
kubectl exec deploy/cache -- redis-cli ping
kubectl exec deploy/cache -- redis-cli SET greeting hello
kubectl run client --image=busybox:1.36 -- sleep 3600
kubectl wait --for=condition=Ready pod/client
kubectl exec client -- which nc ping wget curl
kubectl exec client -- nc -zv cache 6379
kubectl exec client -- sh -c 'echo GET greeting | nc cache 6379'
kubectl exec client -- ps
kubectl exec client -- sh -c 'ls /bin | head -n 5'
kubectl run py --image=python:3.12-slim -- python -m flask run
sleep 40
kubectl get pod py
kubectl logs py
kubectl run nosuch --image=python:3.12-slimm
sleep 10
kubectl get pod nosuch
kubectl events --for pod/nosuch
kubectl run api --image=myrepo/api:1.2.3 --port=8080
kubectl wait --for=condition=Ready pod/api
kubectl events --for pod/api
