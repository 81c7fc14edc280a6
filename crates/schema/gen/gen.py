#!/usr/bin/env python3
"""Extracts the Kubernetes v1.33 API schema (types, fields, docs) for kubeplay's kinds.

Source: the OpenAPI definitions that the k8s-openapi crate (0.29, feature v1_33) carries in
`src/v1_33/**.rs` as `json_schema!` blocks. Nothing of that crate is compiled or linked: this script
only reads its text once and writes `../data/schema.json`.

Regenerate:
    mkdir -p /tmp/k8sfetch/src && cd /tmp/k8sfetch
    printf '[package]\\nname="k8sfetch"\\nversion="0.1.0"\\nedition="2021"\\n[dependencies]\\nk8s-openapi={version="0.29",features=["v1_33"]}\\n' > Cargo.toml
    echo 'fn main(){}' > src/main.rs && cargo fetch
    python3 crates/schema/gen/gen.py ~/.cargo/registry/src/*/k8s-openapi-0.29.*/src/v1_33 > crates/schema/data/schema.json

Output format (compact JSON):
    {"roots": [[apiVersion, kind, typeName], ...],
     "types": {typeName: [doc, [[field, type, doc, required(0|1), [enum...]], ...]], ...}}
Type codes: s string, i32, i64, b bool, n number, y bytes (base64 string), o:<typeName> object,
ios:<typeName> IntOrString, q:<typeName> Quantity, t:<typeName> Time or MicroTime,
a:<typeName> anything (RawExtension, FieldsV1), [] + code array, {} + code map of string to code.
Leaf types (IntOrString, Quantity, Time...) appear in "types" with their description and no fields.
"""
import json
import os
import re
import sys

ROOTS = [
    ("v1", "Pod", "io.k8s.api.core.v1.Pod"),
    ("v1", "Service", "io.k8s.api.core.v1.Service"),
    ("v1", "Endpoints", "io.k8s.api.core.v1.Endpoints"),
    ("v1", "ConfigMap", "io.k8s.api.core.v1.ConfigMap"),
    ("v1", "Secret", "io.k8s.api.core.v1.Secret"),
    ("v1", "Namespace", "io.k8s.api.core.v1.Namespace"),
    ("v1", "Node", "io.k8s.api.core.v1.Node"),
    ("v1", "Event", "io.k8s.api.core.v1.Event"),
    ("v1", "ServiceAccount", "io.k8s.api.core.v1.ServiceAccount"),
    ("apps/v1", "Deployment", "io.k8s.api.apps.v1.Deployment"),
    ("apps/v1", "ReplicaSet", "io.k8s.api.apps.v1.ReplicaSet"),
    ("discovery.k8s.io/v1", "EndpointSlice", "io.k8s.api.discovery.v1.EndpointSlice"),
]

# Leaf types with their own wire representation.
SPECIAL = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "ios",
    "io.k8s.apimachinery.pkg.api.resource.Quantity": "q",
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time": "t",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": "t",
    "io.k8s.apimachinery.pkg.runtime.RawExtension": "a",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1": "a",
}

# Enum values upstream's OpenAPI lists (k8s-openapi drops them), for the fields we simulate most.
ENUMS = {
    ("io.k8s.api.core.v1.Container", "imagePullPolicy"): ["Always", "IfNotPresent", "Never"],
    ("io.k8s.api.core.v1.Container", "terminationMessagePolicy"): ["FallbackToLogsOnError", "File"],
    ("io.k8s.api.core.v1.PodSpec", "restartPolicy"): ["Always", "Never", "OnFailure"],
    ("io.k8s.api.core.v1.PodSpec", "dnsPolicy"): ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
    ("io.k8s.api.core.v1.PodSpec", "preemptionPolicy"): ["Never", "PreemptLowerPriority"],
    ("io.k8s.api.core.v1.ContainerPort", "protocol"): ["SCTP", "TCP", "UDP"],
    ("io.k8s.api.core.v1.ServicePort", "protocol"): ["SCTP", "TCP", "UDP"],
    ("io.k8s.api.core.v1.EndpointPort", "protocol"): ["SCTP", "TCP", "UDP"],
    ("io.k8s.api.core.v1.ServiceSpec", "type"): ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
    ("io.k8s.api.core.v1.ServiceSpec", "sessionAffinity"): ["ClientIP", "None"],
    ("io.k8s.api.core.v1.ServiceSpec", "externalTrafficPolicy"): ["Cluster", "Local"],
    ("io.k8s.api.core.v1.ServiceSpec", "internalTrafficPolicy"): ["Cluster", "Local"],
    ("io.k8s.api.apps.v1.DeploymentStrategy", "type"): ["Recreate", "RollingUpdate"],
    ("io.k8s.api.core.v1.PodStatus", "phase"): ["Failed", "Pending", "Running", "Succeeded", "Unknown"],
    ("io.k8s.api.core.v1.NamespaceStatus", "phase"): ["Active", "Terminating"],
    ("io.k8s.api.core.v1.Toleration", "operator"): ["Equal", "Exists"],
    ("io.k8s.api.core.v1.Toleration", "effect"): ["NoExecute", "NoSchedule", "PreferNoSchedule"],
    ("io.k8s.api.core.v1.Taint", "effect"): ["NoExecute", "NoSchedule", "PreferNoSchedule"],
    ("io.k8s.api.core.v1.HTTPGetAction", "scheme"): ["HTTP", "HTTPS"],
    ("io.k8s.api.discovery.v1.EndpointSlice", "addressType"): ["FQDN", "IPv4", "IPv6"],
}

DEF_RE = re.compile(r"^// Generated from definition (\S+)", re.M)
STRUCT_RE = re.compile(r"^pub (?:struct|enum) (\w+)", re.M)
SUB_DESC_RE = re.compile(
    r'\(\{\s*let mut schema_obj = __gen\.subschema_for::<([\w:]+)>\(\);\s*'
    r'schema_obj\.ensure_object\(\)\.insert\("description"\.into\(\), ("(?:[^"\\]|\\.)*")\.into\(\)\);\s*'
    r'schema_obj\s*\}\)', re.S)
SUB_RE = re.compile(r'\(__gen\.subschema_for::<([\w:]+)>\(\)\)')


def strip_trailing_commas(s):
    out, i, in_str = [], 0, False
    while i < len(s):
        c = s[i]
        if in_str:
            out.append(c)
            if c == "\\":
                out.append(s[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif c == ",":
            j = i + 1
            while j < len(s) and s[j] in " \t\r\n":
                j += 1
            if j < len(s) and s[j] in "}]":
                pass
            else:
                out.append(c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def rust_str_to_json(s):
    # Rust escapes that JSON spells differently.
    s = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: "\\u%04x" % int(m.group(1), 16), s)
    return s.replace("\\'", "'")


def load(src):
    paths, defs = {}, {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            p = os.path.join(dirpath, f)
            text = open(p, encoding="utf-8").read()
            m = DEF_RE.search(text)
            if not m:
                continue
            name = m.group(1)
            st = STRUCT_RE.search(text)
            rel = os.path.relpath(dirpath, src).replace(os.sep, "::")
            if st:
                paths["crate::%s::%s" % (rel, st.group(1))] = name
            body_start = text.find("json_schema!({")
            if body_start < 0:
                continue
            body_end = text.find("\n        })\n", body_start)
            body = text[body_start + len("json_schema!("):body_end + len("\n        }")]
            defs[name] = body
    return paths, defs


def parse(name, body):
    if True:
        body = SUB_DESC_RE.sub(lambda m: '{"$ref": "%s", "description": %s}' % (m.group(1), m.group(2)), body)
        body = SUB_RE.sub(lambda m: '{"$ref": "%s"}' % m.group(1), body)
        body = strip_trailing_commas(rust_str_to_json(body))
        try:
            return json.loads(body)
        except json.JSONDecodeError as e:
            sys.exit("cannot parse %s: %s" % (name, e))


def type_code(schema, paths, todo):
    ref = schema.get("$ref")
    if ref is not None:
        name = paths[ref]
        if name in SPECIAL:
            todo.append(name)
            return SPECIAL[name] + ":" + name
        todo.append(name)
        return "o:" + name
    t = schema.get("type")
    fmt = schema.get("format")
    if t == "string":
        return "y" if fmt == "byte" else "s"
    if t == "integer":
        return "i64" if fmt == "int64" else "i32"
    if t == "boolean":
        return "b"
    if t == "number":
        return "n"
    if t == "array":
        return "[]" + type_code(schema["items"], paths, todo)
    if t == "object" and "additionalProperties" in schema:
        return "{}" + type_code(schema["additionalProperties"], paths, todo)
    return "a"


def main():
    src = sys.argv[1]
    paths, defs = load(src)
    out_types, todo = {}, [r[2] for r in ROOTS]
    while todo:
        name = todo.pop()
        if name in out_types:
            continue
        d = parse(name, defs[name])
        if name in SPECIAL:
            # Leaf types: only their description (explain appends it to the field's).
            out_types[name] = [d.get("description", ""), []]
            continue
        req = set(d.get("required", []))
        # k8s-openapi marks fields required when its Rust type is not an Option; upstream does not
        # require an object's metadata nor the `name` of references that default to "".
        req.discard("metadata")
        for fname, fs in d.get("properties", {}).items():
            if "allowed to be empty" in fs.get("description", ""):
                req.discard(fname)
        fields = []
        for fname, fs in sorted(d.get("properties", {}).items()):
            code = type_code(fs, paths, todo)
            fields.append([fname, code, fs.get("description", ""), 1 if fname in req else 0,
                           ENUMS.get((name, fname), [])])
        out_types[name] = [d.get("description", ""), fields]
    for (ty, f) in ENUMS:
        assert ty in out_types and any(x[0] == f for x in out_types[ty][1]), (ty, f)
    json.dump({"roots": ROOTS, "types": dict(sorted(out_types.items()))}, sys.stdout,
              separators=(",", ":"), ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
