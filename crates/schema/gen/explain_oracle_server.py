#!/usr/bin/env python3
"""A stand-in API server on 127.0.0.1:8080 that serves data/schema.json as OpenAPI v3 (plus the
discovery documents kubectl needs), so the real kubectl 1.33 can render `kubectl explain` for our
schema, and `kubectl get configmap NAME -o yaml` print crates/yaml/testdata/get_NAME.served.json.
Used to produce the golden files under testdata/; it is a test oracle, not part of the crate.

    python3 crates/schema/gen/explain_oracle_server.py &
    kubectl.1.33 explain deployment.spec > crates/schema/testdata/explain/deployment.spec.txt
"""
import json, http.server, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
S = json.load(open(os.path.join(HERE, '..', 'data', 'schema.json')))
REF = {'t': 'io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'q': 'io.k8s.apimachinery.pkg.api.resource.Quantity',
       'ios': 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'}
def prop(code):
    if code.startswith('[]'): return {'type': 'array', 'items': prop(code[2:])}
    if code.startswith('{}'): return {'type': 'object', 'additionalProperties': prop(code[2:])}
    if ':' in code:
        kind, name = code.split(':', 1)
        return {'allOf': [{'$ref': '#/components/schemas/' + name}]} | ({'default': {}} if kind == 'o' else {})
    return {'s': {'type': 'string'}, 'y': {'type': 'string', 'format': 'byte'}, 'i32': {'type': 'integer', 'format': 'int32'},
            'i64': {'type': 'integer', 'format': 'int64'}, 'b': {'type': 'boolean'}, 'n': {'type': 'number', 'format': 'double'},
            'a': {'type': 'object'}}[code]
LEAF = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': {'type': 'string', 'format': 'date-time'},
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': {'type': 'string', 'format': 'date-time'},
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {'oneOf': [{'type': 'string'}, {'type': 'number'}]},
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {'x-kubernetes-int-or-string': True},
  'io.k8s.apimachinery.pkg.runtime.RawExtension': {'type': 'object'},
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': {'type': 'object'},
}
schemas = {}
roots = {t: (av, k) for av, k, t in S['roots']}
for name, (doc, fields) in S['types'].items():
    if name in LEAF:
        schemas[name] = dict(LEAF[name], description=doc)
        continue
    sc = {'description': doc, 'type': 'object', 'properties': {}}
    req = []
    for f, code, fdoc, r, enum in fields:
        p = prop(code)
        if fdoc: p['description'] = fdoc
        if enum: p['enum'] = enum
        sc['properties'][f] = p
        if r: req.append(f)
    if req: sc['required'] = req
    if name in roots:
        av, k = roots[name]
        g, v = av.split('/') if '/' in av else ('', av)
        sc['x-kubernetes-group-version-kind'] = [{'group': g, 'kind': k, 'version': v}]
    schemas[name] = sc
RES = {
 'v1': [('pods','Pod',True),('services','Service',True),('endpoints','Endpoints',True),('configmaps','ConfigMap',True),('secrets','Secret',True),('namespaces','Namespace',False),('nodes','Node',False),('events','Event',True),('serviceaccounts','ServiceAccount',True)],
 'apps/v1': [('deployments','Deployment',True),('replicasets','ReplicaSet',True)],
 'discovery.k8s.io/v1': [('endpointslices','EndpointSlice',True)],
}
paths = {}
for av, k, t in S['roots']:
    g, v = av.split('/') if '/' in av else ('', av)
    prefix = '/apis/' + g if g else '/api'
    res = [n for n, kk, ns in RES[av] if kk == k][0]
    gvk = {'group': g, 'kind': k, 'version': v}
    for sp in [prefix + '/' + v + '/' + res + '/{name}', prefix + '/' + v + '/namespaces/{namespace}/' + res + '/{name}']:
        paths[sp] = {'get': {'x-kubernetes-group-version-kind': gvk, 'responses': {'200': {'content': {'application/json': {'schema': {'$ref': '#/components/schemas/' + t}}}}}}}
doc = json.dumps({'openapi': '3.0.0', 'info': {'title': 'Kubernetes', 'version': 'v1.33.0'}, 'paths': paths, 'components': {'schemas': schemas}}).encode()
def reslist(gv):
    return {'kind': 'APIResourceList', 'apiVersion': 'v1', 'groupVersion': gv, 'resources': [
        {'name': n, 'singularName': n[:-1] if n.endswith('s') else n, 'namespaced': ns, 'kind': k, 'verbs': ['get','list','create']} for n, k, ns in RES[gv]]}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, body, ctype='application/json'):
        if not isinstance(body, bytes): body = json.dumps(body).encode()
        self.send_response(200); self.send_header('Content-Type', ctype); self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self):
        p = self.path.split('?')[0]
        if p == '/api': return self.send({'kind': 'APIVersions', 'versions': ['v1'], 'serverAddressByClientCIDRs': []})
        if p == '/apis': return self.send({'kind': 'APIGroupList', 'apiVersion': 'v1', 'groups': [
            {'name': g, 'versions': [{'groupVersion': g + '/v1', 'version': 'v1'}], 'preferredVersion': {'groupVersion': g + '/v1', 'version': 'v1'}} for g in ['apps', 'discovery.k8s.io']]})
        if p == '/api/v1': return self.send(reslist('v1'))
        if p.startswith('/apis/') and p[6:] in RES: return self.send(reslist(p[6:]))
        if p == '/openapi/v3': return self.send({'paths': {k: {'serverRelativeURL': '/openapi/v3/' + k + '?hash=ABC'} for k in ['api/v1', 'apis/apps/v1', 'apis/discovery.k8s.io/v1']}})
        if p.startswith('/openapi/v3/'): return self.send(doc)
        if p.startswith('/api/v1/namespaces/default/configmaps/'):
            # `kubectl get configmap NAME -o yaml|json` prints crates/yaml/testdata/get_NAME.served.json.
            f = os.path.join(HERE, '..', '..', 'yaml', 'testdata', 'get_' + p.rsplit('/', 1)[1] + '.served.json')
            if os.path.exists(f): return self.send(open(f, 'rb').read())
        if p == '/version': return self.send({'major': '1', 'minor': '33', 'gitVersion': 'v1.33.0'})
        self.send_response(404); self.end_headers()
http.server.ThreadingHTTPServer(('127.0.0.1', 8080), H).serve_forever()
