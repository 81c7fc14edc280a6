#!/bin/bash
# Re-records the goldens in this directory from the real kubectl 1.33:
#   1. gen_fixtures.py writes fixtures.json with timestamps relative to now (base.txt);
#   2. fake_apiserver.py serves them (discovery, get/list with label/field selectors, and
#      server-side Tables for pods/deployments with hand-derived v1.33 cells);
#   3. kubectl.1.33 -s http://127.0.0.1:18080 describe/get/events … > *.txt
# Ages are minute-scale, so tests use now = base + 3s. TZ=UTC for RFC 1123Z times.
set -u
cd "$(dirname "$0")"
K=/usr/lib/google-cloud-sdk/bin/kubectl.1.33
export TZ=UTC
python3 gen_fixtures.py > base.txt
python3 fake_apiserver.py 18080 fixtures.json >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1
OUT=.
k() { $K -s http://127.0.0.1:18080 "$@"; }
k describe deployment web > $OUT/describe_deployment.txt 2>&1
k describe replicaset web-66b6c48dd5 > $OUT/describe_replicaset.txt 2>&1
k describe pod web-66b6c48dd5-abcde > $OUT/describe_pod_running.txt 2>&1
k describe pod web-66b6c48dd5-fghij > $OUT/describe_pod_waiting.txt 2>&1
k describe pod web-66b6c48dd5-klmno > $OUT/describe_pod_terminating.txt 2>&1
k describe service web > $OUT/describe_service.txt 2>&1
k describe service db > $OUT/describe_service_headless.txt 2>&1
k describe service lb > $OUT/describe_service_lb.txt 2>&1
k describe pod init-demo > $OUT/describe_pod_init.txt 2>&1
k describe pod job-done > $OUT/describe_pod_completed.txt 2>&1
k describe pod big > $OUT/describe_pod_unschedulable.txt 2>&1
k describe serviceaccount default > $OUT/describe_serviceaccount.txt 2>&1
k describe endpointslice web-x2b9k > $OUT/describe_endpointslice.txt 2>&1
k describe namespace default > $OUT/describe_namespace.txt 2>&1
k describe endpoints web > $OUT/describe_endpoints.txt 2>&1
k describe node node-1 > $OUT/describe_node.txt 2>&1
k describe widget w1 > $OUT/describe_widget.txt 2>&1
k get pods -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image,PORTS:.spec.containers[0].ports[*].containerPort,NODE:.spec.nodeName,SEL:.metadata.labels,GONE:.status.nope' > $OUT/custom_columns.txt 2>&1
k get pods -o 'jsonpath={range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}' > $OUT/jsonpath_list.txt 2>&1
k get pods -o name > $OUT/name_list.txt 2>&1
k events > $OUT/events.txt 2>&1
k rollout history deployment/web > $OUT/rollout_history.txt 2>&1
k rollout history deployment/web --revision=1 > $OUT/rollout_history_rev1.txt 2>&1
k rollout history deployment/web --revision=7 > $OUT/rollout_history_rev7.txt 2>&1
k top pods > $OUT/top_pods.txt 2>&1
k top nodes > $OUT/top_nodes.txt 2>&1
k get pods -o yaml > $OUT/pods_list.yaml 2>&1
k get pods -o json > $OUT/pods_list.json 2>&1
k get configmap cfg -o yaml > $OUT/configmap.yaml 2>&1

# Tables: the fake server returns the v1.33 cells for the fixtures (see TABLES in server.py);
# these goldens pin kubectl's client-side layout and decorations.
k get pods > $OUT/get_pods.txt 2>&1
k get pods -A --show-labels -L app,example.com/tier > $OUT/get_pods_all_labels.txt 2>&1
k get pods -o wide --no-headers > $OUT/get_pods_wide_noheaders.txt 2>&1
k get pods,deployments > $OUT/get_pods_deployments.txt 2>&1
k get deployments -o wide > $OUT/get_deployments_wide.txt 2>&1
python3 jsonpath_cases.py
# Slow retries last, so the other captures run within a few seconds of base.txt.
# Data keys come out in Go map order; retry until the sorted order (what we print) shows up.
for i in $(seq 1 60); do k describe configmap cfg > $OUT/describe_configmap.txt 2>&1; head -8 $OUT/describe_configmap.txt | grep -q '^app.conf:' && break; done
for i in $(seq 1 60); do k describe secret db > $OUT/describe_secret.txt 2>&1; grep -A1 '^====' $OUT/describe_secret.txt | grep -q '^password' && break; done
