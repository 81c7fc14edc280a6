# api-resources (NAME SHORTNAMES APIVERSION NAMESPACED KIND from the registry, padding 3),
# version (client lines from kubectl.1.33 `version --client`), cluster-info, config
# (get-contexts table, set-context/use-context messages), explain. The kubeconfig is the one
# `kind create cluster --name kubeplay` writes (context, cluster and user `kind-kubeplay`, server
# on 127.0.0.1); the config lines were checked with kubectl.1.33 against such a kubeconfig.
kubectl version --client
kubectl version
kubectl cluster-info
kubectl api-resources
kubectl api-resources --namespaced=false
kubectl api-resources -o name --api-group=apps
kubectl config current-context
kubectl config get-contexts
kubectl create namespace dev
kubectl config set-context --current --namespace=dev
kubectl config get-contexts
kubectl create deployment api --image=nginx:1.27
kubectl get deploy
kubectl get deploy -n default
kubectl config use-context nope
kubectl config get-contexts nope
kubectl config use-context
kubectl config use-context kind-kubeplay
kubectl config get-clusters
kubectl config get-users
kubectl config view
kubectl config set-context --current --namespace=default
kubectl explain deployment.spec.replicas
kubectl explain pods.spec.nope
