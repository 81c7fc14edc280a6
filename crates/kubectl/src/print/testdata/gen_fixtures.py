#!/usr/bin/env python3
import json, time, datetime, subprocess, sys, os
BASE = int(time.time())
def ts(minus):
    return datetime.datetime.fromtimestamp(BASE - minus, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
M = 60
tol = [{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
       {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]
kapi = {"name":"kube-api-access-x7k2p","projected":{"defaultMode":420,"sources":[
    {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
    {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
    {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}}
container = {"name":"web","image":"nginx:1.27","imagePullPolicy":"IfNotPresent",
    "ports":[{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":9090,"protocol":"TCP"}],
    "env":[{"name":"MODE","value":"prod"},{"name":"LEVEL","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"level"}}},
           {"name":"PASS","valueFrom":{"secretKeyRef":{"name":"db","key":"password","optional":True}}},
           {"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],
    "envFrom":[{"configMapRef":{"name":"cfg"}},{"prefix":"DB_","secretRef":{"name":"db"}}],
    "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m","memory":"64Mi"}},
    "livenessProbe":{"httpGet":{"path":"/healthz","port":8080,"scheme":"HTTP"},"initialDelaySeconds":3,"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3},
    "readinessProbe":{"tcpSocket":{"port":80},"timeoutSeconds":1,"periodSeconds":5,"successThreshold":1,"failureThreshold":3},
    "startupProbe":{"exec":{"command":["cat","/tmp/ready"]},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":30},
    "command":["nginx"],"args":["-g","daemon off;"],
    "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}
tmpl_spec = {"containers":[dict(container)],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler",
    "volumes":[{"name":"data","emptyDir":{}},{"name":"conf","configMap":{"name":"cfg","defaultMode":420}},{"name":"certs","secret":{"secretName":"tls","defaultMode":420,"optional":True}},{"name":"host","hostPath":{"path":"/var/log","type":"Directory"}}],
    "nodeSelector":{"disk":"ssd"}}
tmpl_spec["containers"][0]["volumeMounts"] = [{"name":"data","mountPath":"/data"},{"name":"conf","mountPath":"/etc/conf","readOnly":True,"subPath":"app.conf"}]
long_ann = "x" * 150
objs = []
def add(res, obj, gv="v1"): obj["_resource"] = res; obj["_gv"] = gv; objs.append(obj)
add("namespaces", {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"default","uid":"ns1","creationTimestamp":ts(300*M),"labels":{"kubernetes.io/metadata.name":"default"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})
add("deployments", {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","uid":"dep1","generation":2,"resourceVersion":"10","creationTimestamp":ts(20*M+30),
    "labels":{"app":"web","tier":"frontend"},"annotations":{"deployment.kubernetes.io/revision":"2","kubectl.kubernetes.io/last-applied-configuration":"{\"a\":1}\n","note":long_ann,"multi":"line1\nline2"}},
    "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}},"minReadySeconds":5,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
        "template":{"metadata":{"labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-03-01T10:00:00Z"}},"spec":dict(tmpl_spec, serviceAccountName="web-sa", tolerations=[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoSchedule"},{"operator":"Exists"}])}},
    "status":{"observedGeneration":2,"replicas":4,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":3,"unavailableReplicas":1,
        "conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable","message":"ok","lastUpdateTime":ts(19*M),"lastTransitionTime":ts(19*M)},
                      {"type":"Progressing","status":"True","reason":"ReplicaSetUpdated","message":"progressing","lastUpdateTime":ts(11*M),"lastTransitionTime":ts(20*M)}]}}, "apps/v1")
def rs(name, h, rev, spec, status, created):
    t = json.loads(json.dumps({"metadata":{"labels":{"app":"web","pod-template-hash":h},"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-03-01T10:00:00Z"}},"spec":dict(tmpl_spec, serviceAccountName="web-sa", tolerations=[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoSchedule"},{"operator":"Exists"}])}))
    if rev == "1": t["spec"]["containers"][0]["image"] = "nginx:1.26"
    return {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":name,"namespace":"default","uid":"rs"+rev,"generation":1,"creationTimestamp":ts(created),
        "labels":{"app":"web","pod-template-hash":h},"annotations":{"deployment.kubernetes.io/desired-replicas":"3","deployment.kubernetes.io/max-replicas":"4","deployment.kubernetes.io/revision":rev},
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"dep1","controller":True,"blockOwnerDeletion":True}]},
        "spec":{"replicas":spec,"selector":{"matchLabels":{"app":"web","pod-template-hash":h}},"template":t},
        "status":{"replicas":status,"fullyLabeledReplicas":status,"readyReplicas":status,"availableReplicas":status,"observedGeneration":1}}
add("replicasets", rs("web-66b6c48dd5","66b6c48dd5","2",3,3,12*M), "apps/v1")
add("replicasets", rs("web-7d4b9c8f5","7d4b9c8f5","1",1,1,20*M+30), "apps/v1")
def pod(name, h, phase, cs, created, extra_meta=None, node="node-1", ip="10.244.1.5"):
    p = {"apiVersion":"v1","kind":"Pod","metadata":{"name":name,"namespace":"default","uid":"uid-"+name,"creationTimestamp":ts(created),"generateName":"web-"+h+"-",
        "labels":{"app":"web","pod-template-hash":h},
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-"+h,"uid":"rs2","controller":True,"blockOwnerDeletion":True}]},
        "spec":dict(json.loads(json.dumps(tmpl_spec)), nodeName=node, serviceAccountName="default", priority=0, enableServiceLinks=True, preemptionPolicy="PreemptLowerPriority", tolerations=tol),
        "status":{"phase":phase,"hostIP":"172.18.0.3","hostIPs":[{"ip":"172.18.0.3"}],"podIP":ip,"podIPs":[{"ip":ip}],"startTime":ts(created-1),"qosClass":"Burstable",
            "conditions":[{"type":"PodReadyToStartContainers","status":"True"},{"type":"Initialized","status":"True"},{"type":"Ready","status":"True" if cs[0].get("ready") else "False"},{"type":"ContainersReady","status":"True" if cs[0].get("ready") else "False"},{"type":"PodScheduled","status":"True"}],
            "containerStatuses":cs}}
    p["spec"]["volumes"] = p["spec"]["volumes"] + [kapi]
    p["spec"]["containers"][0]["volumeMounts"] = p["spec"]["containers"][0]["volumeMounts"] + [{"name":"kube-api-access-x7k2p","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":True}]
    if extra_meta: p["metadata"].update(extra_meta)
    return p
running = [{"name":"web","ready":True,"started":True,"restartCount":2,"image":"docker.io/library/nginx:1.27","imageID":"docker.io/library/nginx@sha256:0123","containerID":"containerd://abc123",
    "state":{"running":{"startedAt":ts(11*M)}},"lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","startedAt":ts(11*M+40),"finishedAt":ts(11*M+10),"containerID":"containerd://old"}}}]
add("pods", pod("web-66b6c48dd5-abcde","66b6c48dd5","Running",running,12*M))
waiting = [{"name":"web","ready":False,"started":False,"restartCount":0,"image":"nginx:1.27","imageID":"","state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image"}},"lastState":{}}]
add("pods", pod("web-66b6c48dd5-fghij","66b6c48dd5","Pending",waiting,11*M, ip="10.244.2.7"))
term = [{"name":"web","ready":False,"restartCount":0,"image":"nginx:1.27","imageID":"x","containerID":"containerd://t","state":{"terminated":{"exitCode":143,"reason":"Error","message":"bye","startedAt":ts(15*M),"finishedAt":ts(10*M+30)}}}]
add("pods", pod("web-66b6c48dd5-klmno","66b6c48dd5","Running",term,15*M,{"deletionTimestamp":ts(10*M),"deletionGracePeriodSeconds":30}, ip="10.244.1.9"))
add("services", {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default","uid":"svc1","creationTimestamp":ts(20*M+30),"labels":{"app":"web"}},
    "spec":{"type":"NodePort","selector":{"app":"web"},"clusterIP":"10.96.12.34","clusterIPs":["10.96.12.34"],"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","sessionAffinity":"None","externalTrafficPolicy":"Cluster","internalTrafficPolicy":"Cluster",
        "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":"http","nodePort":31234},{"name":"metrics","port":9090,"protocol":"TCP","targetPort":9090,"nodePort":31235}]},"status":{"loadBalancer":{}}})
add("endpoints", {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"web","namespace":"default","uid":"ep1","creationTimestamp":ts(20*M+30),"labels":{"app":"web"}},
    "subsets":[{"addresses":[{"ip":"10.244.1.5","nodeName":"node-1","targetRef":{"kind":"Pod","name":"web-66b6c48dd5-abcde","namespace":"default","uid":"x"}},
                             {"ip":"10.244.3.3","nodeName":"node-3"},{"ip":"10.244.3.4","nodeName":"node-3"},{"ip":"10.244.3.5","nodeName":"node-3"}],
                "notReadyAddresses":[{"ip":"10.244.2.7","nodeName":"node-2"}],"ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"metrics","port":9090,"protocol":"TCP"}]}]})
add("endpointslices", {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"web-x2b9k","namespace":"default","uid":"es1","creationTimestamp":ts(20*M+30),
    "labels":{"kubernetes.io/service-name":"web","endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"}},"addressType":"IPv4",
    "endpoints":[{"addresses":["10.244.1.5"],"conditions":{"ready":True,"serving":True,"terminating":False},"nodeName":"node-1"},
                 {"addresses":["10.244.2.7"],"conditions":{"ready":False,"serving":False,"terminating":False},"nodeName":"node-2"},
                 {"addresses":["10.244.3.3"],"conditions":{"ready":True},"nodeName":"node-3"},
                 {"addresses":["10.244.3.4"],"conditions":{"ready":True},"nodeName":"node-3"},
                 {"addresses":["10.244.3.5"],"conditions":{},"nodeName":"node-3"}],
    "ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"metrics","port":9090,"protocol":"TCP"}]}, "discovery.k8s.io/v1")
add("configmaps", {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"default","uid":"cm1","creationTimestamp":ts(30*M)},"data":{"level":"debug","app.conf":"a=1\nb=2\n"},"binaryData":{"blob":"AAECAw=="}})
add("secrets", {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"default","uid":"s1","creationTimestamp":ts(30*M),"labels":{"app":"db"}},"type":"Opaque","data":{"password":"czNjcjN0","user":"YWRtaW4="}})
def ev(name, kind, obj, uid, typ, reason, msg, comp, first, last, count, host=None, api="v1"):
    e = {"apiVersion":"v1","kind":"Event","metadata":{"name":name,"namespace":"default","uid":"e-"+name,"creationTimestamp":ts(first)},
        "involvedObject":{"kind":kind,"namespace":"default" if kind!="Node" else "","name":obj,"uid":uid,"apiVersion":api},"type":typ,"reason":reason,"message":msg,
        "source":{"component":comp} if comp else {},"firstTimestamp":ts(first),"lastTimestamp":ts(last),"count":count,"reportingComponent":comp or "","reportingInstance":host or ""}
    if host: e["source"]["host"] = host
    if kind=="Node": e["involvedObject"].pop("namespace")
    add("events", e)
ev("web.1","Deployment","web","dep1","Normal","ScalingReplicaSet","Scaled up replica set web-7d4b9c8f5 from 0 to 3","deployment-controller",20*M+30,20*M+30,1,api="apps/v1")
ev("web.2","Deployment","web","dep1","Normal","ScalingReplicaSet","Scaled up replica set web-66b6c48dd5 from 0 to 1","deployment-controller",12*M,12*M,1,api="apps/v1")
ev("web.3","Deployment","web","dep1","Normal","ScalingReplicaSet","Scaled down replica set web-7d4b9c8f5 from 3 to 1","deployment-controller",11*M+30,11*M,4,api="apps/v1")
ev("p.1","Pod","web-66b6c48dd5-abcde","uid-web-66b6c48dd5-abcde","Normal","Scheduled","Successfully assigned default/web-66b6c48dd5-abcde to node-1","default-scheduler",12*M,12*M,1)
ev("p.2","Pod","web-66b6c48dd5-abcde","uid-web-66b6c48dd5-abcde","Normal","Pulled","Container image \"nginx:1.27\" already present on machine","kubelet",12*M+5,11*M,3,host="node-1")
ev("p.3","Pod","web-66b6c48dd5-abcde","uid-web-66b6c48dd5-abcde","Warning","BackOff","Back-off restarting failed container web in pod web-66b6c48dd5-abcde_default(uid)","kubelet",11*M+25,11*M+20,5,host="node-1")
ev("n.1","Node","node-1","node-1","Normal","NodeReady","Node node-1 status is now: NodeReady","kubelet",299*M,299*M,1,host="node-1")
add("nodes", {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1","uid":"9f1c2d3e-node","creationTimestamp":ts(300*M),
    "labels":{"kubernetes.io/hostname":"node-1","kubernetes.io/os":"linux","node-role.kubernetes.io/worker":"","disk":"ssd"},"annotations":{"node.alpha.kubernetes.io/ttl":"0","volumes.kubernetes.io/controller-managed-attach-detach":"true"}},
    "spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"],"taints":[{"key":"dedicated","value":"web","effect":"NoSchedule"},{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule","timeAdded":ts(5*M)}],"unschedulable":True},
    "status":{"capacity":{"cpu":"4","memory":"8148380Ki","pods":"110","ephemeral-storage":"61202244Ki","hugepages-2Mi":"0"},"allocatable":{"cpu":"4","memory":"8045980Ki","pods":"110","ephemeral-storage":"61202244Ki","hugepages-2Mi":"0"},
        "conditions":[{"type":"MemoryPressure","status":"False","lastHeartbeatTime":ts(1*M),"lastTransitionTime":ts(299*M),"reason":"KubeletHasSufficientMemory","message":"kubelet has sufficient memory available"},
                      {"type":"Ready","status":"True","lastHeartbeatTime":ts(1*M),"lastTransitionTime":ts(299*M),"reason":"KubeletReady","message":"kubelet is posting ready status"}],
        "addresses":[{"type":"InternalIP","address":"172.18.0.3"},{"type":"Hostname","address":"node-1"}],
        "nodeInfo":{"machineID":"m1","systemUUID":"s1","bootID":"b1","kernelVersion":"6.8.0","osImage":"Debian GNU/Linux 12 (bookworm)","containerRuntimeVersion":"containerd://2.0.3","kubeletVersion":"v1.33.0","kubeProxyVersion":"","operatingSystem":"linux","architecture":"amd64"}}})
add("leases", {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-1","namespace":"kube-node-lease","uid":"l1","creationTimestamp":ts(300*M)},"spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,"renewTime":ts(1*M).replace("Z",".000000Z")}}, "coordination.k8s.io/v1")
add("widgets", {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"default","uid":"w1","generation":1,"resourceVersion":"5","creationTimestamp":ts(30*M),"labels":{"a":"b"}},
    "spec":{"sizeBytes":3,"colorName":"red","apiURL":"http://x","items":["a","b"],"ports":[{"name":"p","port":1},{"name":"q","port":2}],"nested":{"deepValue":True}}}, "example.com/v1")

# More pods: initialising, completed, unschedulable.
init = {"apiVersion":"v1","kind":"Pod","metadata":{"name":"init-demo","namespace":"default","uid":"uid-init","creationTimestamp":ts(13*M),"labels":{"run":"init-demo"}},
    "spec":{"initContainers":[{"name":"setup","image":"busybox:1.36","command":["sh","-c","sleep 3600"],"resources":{}}],
            "containers":[{"name":"app","image":"nginx:1.27","resources":{}}],"restartPolicy":"Always","nodeName":"node-1","serviceAccountName":"default","priority":0,"tolerations":tol,
            "readinessGates":[{"conditionType":"example.com/gate"}]},
    "status":{"phase":"Pending","hostIP":"172.18.0.3","podIP":"10.244.1.20","podIPs":[{"ip":"10.244.1.20"}],"startTime":ts(13*M),"qosClass":"BestEffort",
        "conditions":[{"type":"PodReadyToStartContainers","status":"True"},{"type":"Initialized","status":"False","reason":"ContainersNotInitialized","message":"containers with incomplete status: [setup]"},
                      {"type":"Ready","status":"False","reason":"ContainersNotReady","message":"containers with unready status: [app]"},{"type":"ContainersReady","status":"False"},{"type":"PodScheduled","status":"True"}],
        "initContainerStatuses":[{"name":"setup","ready":False,"started":True,"restartCount":0,"image":"busybox:1.36","imageID":"docker.io/library/busybox@sha256:1","containerID":"containerd://i1","state":{"running":{"startedAt":ts(13*M-2)}},"lastState":{}}],
        "containerStatuses":[{"name":"app","ready":False,"started":False,"restartCount":0,"image":"nginx:1.27","imageID":"","state":{"waiting":{"reason":"PodInitializing"}},"lastState":{}}]}}
add("pods", init)
done = {"apiVersion":"v1","kind":"Pod","metadata":{"name":"job-done","namespace":"default","uid":"uid-done","creationTimestamp":ts(40*M),"labels":{"run":"job-done"}},
    "spec":{"containers":[{"name":"main","image":"busybox:1.36","command":["echo","hi"],"resources":{"limits":{"cpu":"100m","memory":"32Mi"},"requests":{"cpu":"100m","memory":"32Mi"}}}],
            "restartPolicy":"Never","nodeName":"node-1","serviceAccountName":"default","priority":0,"tolerations":tol},
    "status":{"phase":"Succeeded","hostIP":"172.18.0.3","podIP":"10.244.1.21","podIPs":[{"ip":"10.244.1.21"}],"startTime":ts(40*M),"qosClass":"Guaranteed",
        "conditions":[{"type":"PodReadyToStartContainers","status":"False"},{"type":"Initialized","status":"True"},{"type":"Ready","status":"False","reason":"PodCompleted"},{"type":"ContainersReady","status":"False","reason":"PodCompleted"},{"type":"PodScheduled","status":"True"}],
        "containerStatuses":[{"name":"main","ready":False,"started":False,"restartCount":0,"image":"busybox:1.36","imageID":"docker.io/library/busybox@sha256:1","containerID":"containerd://d1",
            "state":{"terminated":{"exitCode":0,"reason":"Completed","startedAt":ts(40*M-2),"finishedAt":ts(40*M-3)}},"lastState":{}}]}}
add("pods", done)
unsched = {"apiVersion":"v1","kind":"Pod","metadata":{"name":"big","namespace":"default","uid":"uid-big","creationTimestamp":ts(14*M),"labels":{"run":"big"}},
    "spec":{"containers":[{"name":"big","image":"nginx:1.27","resources":{"requests":{"cpu":"64"}}}],"restartPolicy":"Always","serviceAccountName":"default","priority":0,"tolerations":tol},
    "status":{"phase":"Pending","qosClass":"Burstable","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable","message":"0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."}]}}
add("pods", unsched)
ev("big.1","Pod","big","uid-big","Warning","FailedScheduling","0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.","",14*M,14*M,1)
objs[-1]["source"] = {}; objs[-1]["reportingComponent"] = "default-scheduler"; objs[-1]["reportingController"] = "default-scheduler"; objs[-1]["reportingInstance"] = "default-scheduler-cp"
add("services", {"apiVersion":"v1","kind":"Service","metadata":{"name":"db","namespace":"default","uid":"svc2","creationTimestamp":ts(30*M)},
    "spec":{"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"],"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","sessionAffinity":"None","internalTrafficPolicy":"Cluster","selector":{"app":"db"},
        "ports":[{"port":5432,"protocol":"TCP","targetPort":5432}]},"status":{"loadBalancer":{}}})
add("services", {"apiVersion":"v1","kind":"Service","metadata":{"name":"lb","namespace":"default","uid":"svc3","creationTimestamp":ts(30*M),"annotations":{"a":"b"}},
    "spec":{"type":"LoadBalancer","clusterIP":"10.96.0.77","clusterIPs":["10.96.0.77"],"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","sessionAffinity":"ClientIP",
        "sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}},"externalTrafficPolicy":"Local","healthCheckNodePort":32000,"internalTrafficPolicy":"Cluster","allocateLoadBalancerNodePorts":True,"selector":{"app":"web"},
        "ports":[{"port":80,"protocol":"TCP","targetPort":8080,"nodePort":30080}]},"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.10","ipMode":"VIP"}]}}})
add("serviceaccounts", {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"default","uid":"sa1","creationTimestamp":ts(300*M)}})

# metrics.k8s.io for `kubectl top`.
for name, cpu, mem in [("web-66b6c48dd5-abcde","3m","12Mi"),("init-demo","1500000n","5000Ki"),("job-done","0","0")]:
    add("pods", {"apiVersion":"metrics.k8s.io/v1beta1","kind":"PodMetrics","metadata":{"name":name,"namespace":"default","creationTimestamp":ts(0)},
        "timestamp":ts(10),"window":"10s","containers":[{"name":"c","usage":{"cpu":cpu,"memory":mem}}]}, "metrics.k8s.io/v1beta1")
add("nodes", {"apiVersion":"metrics.k8s.io/v1beta1","kind":"NodeMetrics","metadata":{"name":"node-1","creationTimestamp":ts(0)},
    "timestamp":ts(10),"window":"10s","usage":{"cpu":"250m","memory":"2Gi"}}, "metrics.k8s.io/v1beta1")

# Empty Endpoints / EndpointSlices for the headless and LoadBalancer Services (no ready pods).
for svc in ["db", "lb"]:
    add("endpoints", {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":svc,"namespace":"default","uid":"ep-"+svc,"creationTimestamp":ts(30*M)}})
    add("endpointslices", {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":svc+"-abcde","namespace":"default","uid":"es-"+svc,"creationTimestamp":ts(30*M),
        "labels":{"kubernetes.io/service-name":svc}},"addressType":"IPv4","endpoints":[],"ports":[{"name":"","port":80,"protocol":"TCP"}]}, "discovery.k8s.io/v1")
json.dump(objs, open("fixtures.json","w"), separators=(",",":"))
print(BASE)
