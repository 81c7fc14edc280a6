//! Pure reconcile functions of the controller manager: Deployment, ReplicaSet, Endpoints, EndpointSlice, garbage collector, namespace.
