# Interactive shells as a terminal shows them: after `kubectl run -it … -- sh` or
# `kubectl exec -it … -- sh`, the lines go to the container's shell until `exit`, echoed after
# that shell's prompt (busybox ash `/ # `, Debian dash `# `, bash `root@HOST:/# `). `run -it`
# prints attach's hint (attach.go), and on exit the reattach message (restartPolicy Always, a
# terminal) and `--rm`'s `pod "debug" deleted` (run.go: delete without waiting). A command
# that is not a shell prints its output; with --restart=Never a failing one ends with run.go's
# `pod NS/NAME terminated (Error)` after the deletion (the deferred --rm runs first) and its exit
# code; a pod that never runs times out after --pod-running-timeout (1m) and is deleted. Validation
# errors are kubectl.1.33's (offline). Output without a final newline still leaves the next
# prompt on its own line.
kubectl create deployment web --image=nginx:1.27 --port=80
kubectl expose deployment web --port=80
kubectl rollout status deployment/web
kubectl run debug --rm -it --image=busybox -- /bin/sh
hostname
printf no-newline
nslookup web
wget -qO- http://web | head -n 4
exit
kubectl run tmp --rm -it --image=busybox --restart=Never -- wget -qO- http://web
kubectl run fails --rm -i --image=busybox --restart=Never -- sh -c 'exit 3'
kubectl run curl --image=curlimages/curl -i --tty --rm -- sh
curl -s web | head -n 4
exit
kubectl run late --rm -it --image=busybox:nosuchtag -- sh
kubectl get pods
kubectl exec -it deploy/web -- sh
echo $HOSTNAME
exit 3
kubectl exec -it deploy/web -- bash
exit
kubectl run t --image=busybox -t -- sh
kubectl run t --image=busybox --rm -- sh
kubectl get deploy web -o jsonpath='{.spec.replicas}'
kubectl get deploy web -o name
