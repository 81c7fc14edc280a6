//! Nodes: the scheduler, a simulated kubelet with an image catalog, and cluster networking (DNS, kube-proxy, requests).
