//! The playground's view model: graph of Deployments, ReplicaSets, Pods, Services and their routing, with layout and explanations.
