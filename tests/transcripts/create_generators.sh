# `kubectl create` generators. The --dry-run=client -o yaml outputs were produced by
# kubectl.1.33 offline and pasted here unchanged as expectations (deployment, service
# clusterip/nodeport, configmap, secret generic, namespace); the server-side lines follow §8.4
# and §1.3 (AlreadyExists); `kubectl create deployment` wraps server errors as
# create_deployment.go does (`error: failed to create deployment: <Status message>`).
kubectl create deployment web --image=nginx:1.27 --dry-run=client -o yaml
kubectl create deployment web --image=nginx --replicas=3 --port=80 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80:8080 --tcp=443 --dry-run=client -o yaml
kubectl create service nodeport web --tcp=80 --node-port=30080 --dry-run=client -o yaml
kubectl create service clusterip web --clusterip=None --dry-run=client -o yaml
kubectl create configmap cfg --from-literal=a=b --from-literal=c=d --dry-run=client -o yaml
kubectl create secret generic s --from-literal=p=x --dry-run=client -o yaml
kubectl create namespace foo --dry-run=client -o yaml
kubectl create deployment x --image=nginx --dry-run=client
kubectl create deployment x --image=nginx --dry-run=client -o name
kubectl create deployment x --image=nginx --dry-run
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl create deployment web --image=nginx:1.27
kubectl create service clusterip web --tcp=80:80
kubectl create configmap cfg --from-file=k8s/app/config.yaml
kubectl get cm cfg -o jsonpath='{.data}'
echo
kubectl create secret generic creds --from-literal=user=admin --from-literal=password=s3cret
kubectl get secret creds -o jsonpath='{.data.password}'
echo
kubectl create namespace dev
kubectl create namespace dev
kubectl create -f k8s/backend.yaml
kubectl create -f k8s/backend.yaml
kubectl create deployment Bad --image=nginx
kubectl get deploy
