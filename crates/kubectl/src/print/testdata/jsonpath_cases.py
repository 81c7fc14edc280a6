#!/usr/bin/env python3
"""Runs kubectl.1.33 get pods -o jsonpath=<t> (and go-template) for many templates against the fake server."""
import json, subprocess, sys
K = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33"
JP = [
  "{.items[*].metadata.name}", "{.items[0].metadata.name}", "{.items[-1].metadata.name}", "{.items[1:3].metadata.name}",
  "{.items[::2].metadata.name}", "{.items[-2:].status.phase}", "{.items[0:0].metadata.name}", "{.items[10].metadata.name}",
  "{.items[3:1].metadata.name}", "{.items[0::0].metadata.name}", "{.kind}", "{.metadata}", "{.items[0].spec.containers[0].ports}",
  "{.items[*].spec.containers[*].ports[?(@.containerPort==80)].name}", "{.items[?(@.status.phase=='Running')].metadata.name}",
  "{.items[?(@.status.phase!=\"Running\")].metadata.name}", "{.items[?(@.metadata.labels.run)].metadata.name}",
  "{.items[0].status.containerStatuses[?(@.restartCount>1)].name}", "{.items[*].status.containerStatuses[?(@.restartCount>=0)].restartCount}",
  "{.items[0].status.conditions[?(@.type==\"Ready\")].status}", "{.items[0].metadata.labels['pod-template-hash']}",
  "{.items[0].metadata.labels.pod-template-hash}", "{.items[0]..image}", "{..uid}", "{.items[0].spec.containers[0].*}",
  "{range .items[*]}{.metadata.name}:{range .spec.containers[*]}{.image},{end};{end}", "{range .items[*]}{@.metadata.name}{\"\\n\"}{end}",
  "{range .items[?(@.spec.nodeName)]}{.spec.nodeName} {end}", "{range .nope[*]}x{end}done", "{.items[0].spec.containers[0].resources.limits.cpu}",
  "{.items[0].spec.priority}", "{.items[0].spec.enableServiceLinks}", "{.items[0].status.podIPs[0]}", "{'lit'} {\"q\"} {5}",
  "{.items[0].metadata.name}{.items[1].metadata.name}", "text only", "{}", "{ .kind }", "{.items[0].metadata.nope.deeper}",
  "{.items[*].nope}", "{.items[0] .kind}", "{.items[0].spec.containers[0].command[*]}", "{.items[0,1].metadata.name}",
  "{.items[?(@.metadata.name=~\"web\")].metadata.name}", "{.items[0].metadata.name", "{range .items[*]}{.metadata.name}", "{.items[}",
  "{.items[a]}", "{.items[0]]}", "{.items[0].spec.containers[0].env[?(@.name==\"MODE\")].value}", "{.items[*].status.qosClass}",
  "{$.kind}", "{.items[0].metadata.annotations}", "{.items[?(@.status.phase)].status.phase}", "{.items[0].spec.tolerations[*].tolerationSeconds}",
]
GT = [
  "{{range .items}}{{.metadata.name}} {{end}}", "{{len .items}}", "{{(index .items 0).metadata.name}}", "{{index .items 0 \"kind\"}}",
  "{{range $i, $p := .items}}{{$i}}={{$p.metadata.name}} {{end}}", "{{range .items}}{{if eq .status.phase \"Running\"}}{{.metadata.name}} {{end}}{{end}}",
  "{{range .items}}{{.spec.priority}}{{end}}", "{{printf \"%s-%d\" .kind 7}}", "{{printf \"%d\" (len .items)}}", "{{.items}}" ,
  "{{with (index .items 0)}}{{.metadata.uid}}{{end}}", "{{range .items}}{{range .spec.containers}}{{.name}}{{end}}{{else}}none{{end}}",
  "{{if and .kind .apiVersion}}both{{end}}", "{{if or .nope .kind}}one{{end}}", "{{not .nope}}", "{{.nope | printf \"%v\"}}",
  "{{ $x := .kind }}{{ $x }}", "{{- range .items }}[{{ .metadata.name -}} ]{{- end }}", "{{println .kind .kind}}", "{{print .kind 1 2 \"a\" \"b\"}}",
  "{{index .items 99}}", "{{range .items}}{{index .metadata.labels \"run\"}} {{end}}", "{{.kind.foo}}", "{{if}}x{{end}}", "{{end}}",
  "{{printf \"%q %v %t\" .kind 3 true}}", "{{printf \"%5s|\" .kind}}", "{{lt 1 2}} {{gt \"b\" \"a\"}} {{ne 1 1}} {{le 2 2}} {{ge 1 2}}",
  "{{eq .kind \"List\" \"Pod\"}}", "{{eq 1 \"a\"}}", "{{base64decode \"aGk=\"}}",
]
CC = [
  "NAME:.metadata.name,PHASE:.status.phase", "N:metadata.name", "N:{.metadata.name}", "N:{metadata.name},IP:{.status.podIPs[*].ip}",
  "RESTARTS:.status.containerStatuses[*].restartCount,PRIO:.spec.priority,SL:.spec.enableServiceLinks",
  "COND:.status.conditions[?(@.type=='Ready')].status", "A:.metadata.annotations,L:.metadata.labels.run", "X:.spec.containers[0].resources",
  "NAME", "", "N:.metadata.name,", "N:{.metadata.name", "N:.items[0]", "WEIRD HEADER:.kind",
]
JJ = ["{.items[*].metadata.name}", "{.items[0].spec.containers[0].ports}", "{.kind}", "{range .items[*]}{.metadata.name}{end}", "{.nope}", "{.items[0].spec.priority}"]
def run(fmt, t):
    p = subprocess.run([K, "-s", "http://127.0.0.1:18080", "get", "pods", "-o", f"{fmt}={t}"], capture_output=True, text=True)
    return {"fmt": fmt, "t": t, "out": p.stdout, "err": p.stderr.split("\n")[0], "rc": p.returncode}
cases = [run("jsonpath", t) for t in JP] + [run("go-template", t) for t in GT] + [run("custom-columns", t) for t in CC] + [run("jsonpath-as-json", t) for t in JJ]
json.dump(cases, open("template_cases.json", "w"), indent=1)
