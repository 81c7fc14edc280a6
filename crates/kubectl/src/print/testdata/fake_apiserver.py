#!/usr/bin/env python3
"""A tiny fake kube-apiserver serving fixtures, so kubectl.1.33 can describe / print them."""
import json, sys, os, urllib.parse
from http.server import HTTPServer, BaseHTTPRequestHandler

FIX = sys.argv[2] if len(sys.argv) > 2 else "fixtures.json"

CORE = [("pods","Pod",True),("services","Service",True),("endpoints","Endpoints",True),("configmaps","ConfigMap",True),
        ("secrets","Secret",True),("namespaces","Namespace",False),("nodes","Node",False),("events","Event",True),
        ("resourcequotas","ResourceQuota",True),("limitranges","LimitRange",True),("serviceaccounts","ServiceAccount",True)]
GROUPS = {"apps/v1":[("deployments","Deployment",True),("replicasets","ReplicaSet",True)],
          "discovery.k8s.io/v1":[("endpointslices","EndpointSlice",True)],
          "coordination.k8s.io/v1":[("leases","Lease",True)],
          "events.k8s.io/v1":[("events","Event",True)],
          "example.com/v1":[("widgets","Widget",True)],
          "metrics.k8s.io/v1beta1":[("pods","PodMetrics",True),("nodes","NodeMetrics",False)]}

def reslist(gv, rs):
    return {"kind":"APIResourceList","apiVersion":"v1","groupVersion":gv,"resources":[
        {"name":n,"singularName":n[:-1] if n!="endpoints" else n,"namespaced":ns,"kind":k,"verbs":["get","list","create","update","patch","delete","watch"]} for n,k,ns in rs]}

def load():
    with open(FIX) as f: return json.load(f)

def match_labels(obj, sel):
    if not sel: return True
    labels = obj.get("metadata",{}).get("labels",{}) or {}
    for part in sel.split(","):
        if "=" in part:
            k,v = part.split("=",1); k=k.rstrip("=").rstrip("!")
            if labels.get(k) != v: return False
    return True

def get_path(o, path):
    for p in path.split("."):
        if not isinstance(o, dict): return None
        o = o.get(p)
    return o

def match_fields(obj, sel):
    if not sel: return True
    for part in sel.split(","):
        if "!=" in part:
            k,v = part.split("!=",1)
            if str(get_path(obj,k) or "") == v: return False
        elif "=" in part:
            k,v = part.split("=",1); k=k.rstrip("=")
            if str(get_path(obj,k) or "") != v: return False
    return True

# Server-side table cells as the v1.33 printers compute them for the fixtures (hand-derived;
# kubectl only lays them out and adds NAMESPACE / LABELS / -L columns).
POD_CELLS = {"web-66b6c48dd5-abcde": ["1/1","Running","2 (11m ago)","12m","10.244.1.5","node-1","<none>","<none>"],
             "web-66b6c48dd5-fghij": ["0/1","ImagePullBackOff","0","11m","10.244.2.7","node-1","<none>","<none>"],
             "web-66b6c48dd5-klmno": ["0/1","Terminating","0","15m","10.244.1.9","node-1","<none>","<none>"],
             "init-demo": ["0/1","Init:0/1","0","13m","10.244.1.20","node-1","<none>","0/1"],
             "job-done": ["0/1","Completed","0","40m","10.244.1.21","node-1","<none>","<none>"],
             "big": ["0/1","Pending","0","14m","<none>","<none>","<none>","<none>"]}
TABLES = {
  "pods": ([("Name",0),("Ready",0),("Status",0),("Restarts",0),("Age",0),("IP",1),("Node",1),("Nominated Node",1),("Readiness Gates",1)],
           lambda o: [o["metadata"]["name"]] + POD_CELLS[o["metadata"]["name"]]),
  "deployments": ([("Name",0),("Ready",0),("Up-to-date",0),("Available",0),("Age",0),("Containers",1),("Images",1),("Selector",1)],
           lambda o: [o["metadata"]["name"],"3/3",3,3,"20m","web","nginx:1.27","app=web"]),
}

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def send(self, code, body):
        b = json.dumps(body).encode()
        self.send_response(code); self.send_header("Content-Type","application/json"); self.send_header("Content-Length",str(len(b))); self.end_headers(); self.wfile.write(b)
    def do_GET(self):
        u = urllib.parse.urlparse(self.path); q = urllib.parse.parse_qs(u.query); path = u.path.rstrip("/")
        if path == "/api": return self.send(200, {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]})
        if path == "/apis": return self.send(200, {"kind":"APIGroupList","apiVersion":"v1","groups":[
            {"name":gv.split("/")[0],"versions":[{"groupVersion":gv,"version":gv.split("/")[1]}],"preferredVersion":{"groupVersion":gv,"version":gv.split("/")[1]}} for gv in GROUPS]})
        if path == "/api/v1": return self.send(200, reslist("v1", CORE))
        for gv, rs in GROUPS.items():
            if path == "/apis/"+gv: return self.send(200, reslist(gv, rs))
        if path == "/version": return self.send(200, {"major":"1","minor":"33","gitVersion":"v1.33.0"})
        parts = path.split("/")
        if parts[1] == "api": gv, rest = "v1", parts[3:]
        elif parts[1] == "apis": gv, rest = parts[2]+"/"+parts[3], parts[4:]
        else: return self.send(404, {"kind":"Status","status":"Failure","reason":"NotFound","code":404})
        ns = ""
        if len(rest) >= 2 and rest[0] == "namespaces" and len(rest) != 2:
            ns, rest = rest[1], rest[2:]
        resource = rest[0]; name = rest[1] if len(rest) > 1 else None
        if resource == "namespaces" and len(rest) == 2: name = rest[1]
        objs = [o for o in load() if o.get("_resource") == resource and o.get("_gv", "v1") == gv]
        if ns: objs = [o for o in objs if o.get("metadata",{}).get("namespace") == ns]
        clean = lambda o: {k:v for k,v in o.items() if not k.startswith("_")}
        if name:
            for o in objs:
                if o["metadata"]["name"] == name: return self.send(200, clean(o))
            return self.send(404, {"kind":"Status","apiVersion":"v1","status":"Failure","message":f'{resource} "{name}" not found',"reason":"NotFound","details":{"name":name,"kind":resource},"code":404})
        objs = [o for o in objs if match_labels(o, q.get("labelSelector",[""])[0]) and match_fields(o, q.get("fieldSelector",[""])[0])]
        kind = next((k for n,k,_ in (CORE if gv == "v1" else GROUPS.get(gv, [])) if n == resource), "Thing")
        if "as=Table" in (self.headers.get("Accept") or "") and resource in TABLES:
            cols, cellfn = TABLES[resource]
            rows = [{"cells": cellfn(o), "object": {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata": o["metadata"]}} for o in objs]
            return self.send(200, {"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"100"},
                "columnDefinitions":[{"name":n,"type":"string","format":"name" if n=="Name" else "","description":"","priority":pr} for n,pr in cols],"rows":rows})
        return self.send(200, {"kind":kind+"List","apiVersion":gv,"metadata":{"resourceVersion":"100"},"items":[clean(o) for o in objs]})

HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
