//! apps/v1 validation (`pkg/apis/apps/validation/validation.go`) and the selector immutability
//! check of the registry strategies.

use kubeplay_model::errors::BadValue;
use kubeplay_model::object::ObjectExt;
use kubeplay_model::{FieldError, LabelSelector, Object};
use serde_json::Value;

use super::{bad_value, non_negative, objectmeta, pod, replicas, Errs};
use crate::gostring;

/// `ValidateLabelSelector` (operators and values) for `spec.selector`.
fn label_selector(sel: &Value, field: &str, errs: &mut Errs) {
    objectmeta::labels(sel.get("matchLabels"), &format!("{field}.matchLabels"), errs);
    for (i, e) in sel.get("matchExpressions").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let p = format!("{field}.matchExpressions[{i}]");
        let op = e.get("operator").and_then(Value::as_str).unwrap_or("");
        let nvals = e.get("values").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
        match op {
            "In" | "NotIn" if nvals == 0 => errs.push(FieldError::required(
                format!("{p}.values"),
                "must be specified when `operator` is 'In' or 'NotIn'",
            )),
            "Exists" | "DoesNotExist" if nvals > 0 => errs.push(FieldError::forbidden(
                format!("{p}.values"),
                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            )),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            other => errs.push(FieldError::invalid(
                format!("{p}.operator"),
                BadValue::Str(other.to_string()),
                "not a valid selector operator",
            )),
        }
        let key = e.get("key").and_then(Value::as_str).unwrap_or("");
        for msg in kubeplay_model::names::is_qualified_name(key) {
            errs.push(FieldError::invalid(format!("{p}.key"), BadValue::Str(key.to_string()), msg));
        }
    }
}

/// `ValidatePodTemplateSpecForReplicaSet`: labels match the selector, the template itself, and
/// restartPolicy Always.
fn template_for_replicaset(spec: &Value, selector: Option<&Value>, errs: &mut Errs) {
    let Some(tpl) = spec.get("template").filter(|t| t.is_object()) else {
        errs.push(FieldError::required("spec.template", ""));
        return;
    };
    let tpl_labels = tpl.at("metadata.labels");
    // A nil selector matches nothing; an empty one matches everything (and is reported above).
    let matches = match selector {
        None => false,
        Some(sel) => match LabelSelector::from_label_selector(sel) {
            Ok(s) if s.is_empty() => true,
            Ok(s) => s.matches(&tpl_labels.and_then(Value::as_object).cloned().unwrap_or_default()),
            Err(_) => true,
        },
    };
    if !matches {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            BadValue::Raw(gostring::labels(tpl_labels)),
            "`selector` does not match template `labels`",
        ));
    }
    objectmeta::labels(tpl_labels, "spec.template.metadata.labels", errs);
    objectmeta::annotations(tpl.at("metadata.annotations"), "spec.template.metadata.annotations", errs);
    if let Some(ps) = tpl.get("spec") {
        pod::pod_spec(ps, "spec.template.spec", false, errs);
        let rp = ps.get("restartPolicy").and_then(Value::as_str).unwrap_or("Always");
        if rp != "Always" {
            errs.push(FieldError::not_supported(
                "spec.template.spec.restartPolicy",
                BadValue::Str(rp.to_string()),
                &["Always"],
            ));
        }
        if ps.get("activeDeadlineSeconds").is_some_and(|v| !v.is_null()) {
            errs.push(FieldError::forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in ReplicaSet is not Supported",
            ));
        }
    } else {
        errs.push(FieldError::required("spec.template.spec.containers", ""));
    }
}

/// The selector checks shared by Deployment and ReplicaSet; `what` names the kind in the
/// empty-selector message (`deployment` for both, as upstream does).
fn selector_and_template(spec: &Value, errs: &mut Errs) {
    let selector = spec.get("selector").filter(|s| !s.is_null());
    match selector {
        None => errs.push(FieldError::required("spec.selector", "")),
        Some(sel) => {
            label_selector(sel, "spec.selector", errs);
            let n = sel.get("matchLabels").and_then(Value::as_object).map(|m| m.len()).unwrap_or(0)
                + sel.get("matchExpressions").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
            if n == 0 {
                errs.push(FieldError::invalid(
                    "spec.selector",
                    BadValue::Raw(gostring::label_selector(sel)),
                    "empty selector is invalid for deployment",
                ));
            }
        }
    }
    template_for_replicaset(spec, selector, errs);
}

/// `IsValidPercent` + `ValidatePositiveIntOrPercent` for maxSurge / maxUnavailable.
fn int_or_percent(v: Option<&Value>, field: &str, errs: &mut Errs) {
    match v {
        Some(Value::String(s)) => match s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) {
            Some(p) if p < 0 => {
                errs.push(FieldError::invalid(field, BadValue::Int(p), "must be greater than or equal to 0"))
            }
            Some(_) => {}
            None => errs.push(FieldError::invalid(
                field,
                BadValue::Str(s.clone()),
                kubeplay_model::names::regex_error(
                    "a valid percent string must be a numeric string followed by an ending '%'",
                    "[0-9]+%",
                    &["1%", "93%"],
                ),
            )),
        },
        Some(Value::Number(n)) if n.as_i64().is_some_and(|i| i < 0) => {
            errs.push(FieldError::invalid(
                field,
                bad_value(&Value::Number(n.clone())),
                "must be greater than or equal to 0",
            ));
        }
        _ => {}
    }
}

fn percent_of(v: Option<&Value>) -> Option<i64> {
    v?.as_str()?.strip_suffix('%')?.parse().ok()
}

fn is_zero(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Number(n)) => n.as_i64() == Some(0),
        Some(Value::String(s)) => s == "0%" || s == "0",
        _ => false,
    }
}

fn strategy(spec: &Value, errs: &mut Errs) {
    let Some(st) = spec.get("strategy") else { return };
    let ty = st.get("type").and_then(Value::as_str).unwrap_or("");
    let ru = st.get("rollingUpdate").filter(|r| !r.is_null());
    match ty {
        "Recreate" => {
            if ru.is_some() {
                errs.push(FieldError::forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => match ru {
            None => errs.push(FieldError::required(
                "spec.strategy.rollingUpdate",
                "this should be defaulted and never be nil",
            )),
            Some(ru) => {
                let mu = ru.get("maxUnavailable");
                let ms = ru.get("maxSurge");
                int_or_percent(mu, "spec.strategy.rollingUpdate.maxUnavailable", errs);
                int_or_percent(ms, "spec.strategy.rollingUpdate.maxSurge", errs);
                if percent_of(mu).is_some_and(|p| p > 100) {
                    errs.push(FieldError::invalid(
                        "spec.strategy.rollingUpdate.maxUnavailable",
                        bad_value(mu.unwrap_or(&Value::Null)),
                        "must not be greater than 100%",
                    ));
                }
                if is_zero(ms) && is_zero(mu) {
                    errs.push(FieldError::invalid(
                        "spec.strategy.rollingUpdate.maxUnavailable",
                        bad_value(mu.unwrap_or(&Value::Number(0.into()))),
                        "may not be 0 when `maxSurge` is 0",
                    ));
                }
            }
        },
        other => errs.push(FieldError::not_supported(
            "spec.strategy.type",
            BadValue::Str(other.to_string()),
            &["Recreate", "RollingUpdate"],
        )),
    }
}

/// `ValidateDeploymentSpec` in upstream order: replicas, selector, template, strategy,
/// minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds.
pub fn deployment(obj: &Object, errs: &mut Errs) {
    let Some(spec) = obj.get("spec") else {
        errs.push(FieldError::required("spec.selector", ""));
        return;
    };
    replicas(spec.get("replicas"), errs);
    selector_and_template(spec, errs);
    strategy(spec, errs);
    non_negative(spec.get("minReadySeconds"), "spec.minReadySeconds", errs);
    non_negative(spec.get("revisionHistoryLimit"), "spec.revisionHistoryLimit", errs);
    if let Some(pds) = spec.get("progressDeadlineSeconds").and_then(Value::as_i64) {
        non_negative(spec.get("progressDeadlineSeconds"), "spec.progressDeadlineSeconds", errs);
        let mrs = spec.get("minReadySeconds").and_then(Value::as_i64).unwrap_or(0);
        if pds <= mrs {
            errs.push(FieldError::invalid(
                "spec.progressDeadlineSeconds",
                BadValue::Int(pds),
                "must be greater than minReadySeconds",
            ));
        }
    }
}

/// `ValidateReplicaSetSpec`: replicas, minReadySeconds, selector, template.
pub fn replicaset(obj: &Object, errs: &mut Errs) {
    let Some(spec) = obj.get("spec") else {
        errs.push(FieldError::required("spec.selector", ""));
        return;
    };
    replicas(spec.get("replicas"), errs);
    non_negative(spec.get("minReadySeconds"), "spec.minReadySeconds", errs);
    selector_and_template(spec, errs);
}

/// StatefulSet / DaemonSet (stored, not simulated): selector and template checks.
pub fn workload(obj: &Object, errs: &mut Errs) {
    if let Some(spec) = obj.get("spec") {
        replicas(spec.get("replicas"), errs);
        selector_and_template(spec, errs);
    }
}

/// apps/v1 selectors are immutable (registry strategy ValidateUpdate).
pub fn selector_immutable(new: &Object, old: &Object, errs: &mut Errs) {
    let (n, o) = (new.at("spec.selector"), old.at("spec.selector"));
    if n != o {
        let shown = n.map(gostring::label_selector).unwrap_or_else(|| "(*v1.LabelSelector)(nil)".into());
        errs.push(FieldError::invalid("spec.selector", BadValue::Raw(shown), "field is immutable"));
    }
}
