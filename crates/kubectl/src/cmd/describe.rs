//! `kubectl describe`: one describer per kind (in `print::describe`), fed with the related
//! objects kubectl looks up (events, owned ReplicaSets, pods, endpoints). Names fall back to
//! prefix matches, as kubectl's describe does.

use std::sync::Arc;

use kubeplay_model::resource::ResourceType;
use kubeplay_model::{Object, ObjectExt};

use super::common::*;
use super::parse_flags;
use crate::flags::{flag, Flag, Kind};
use crate::print::{self, DescribeContext};
use crate::session::Session;

pub const FLAGS: &[Flag] = &[
    flag("all-namespaces", Some('A'), Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("show-events", None, Kind::Bool),
    flag("chunk-size", None, Kind::Int),
];

const NO_TYPE: &str = "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n";

pub fn run(s: &mut Session, words: &[String], out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("describe", words, FLAGS)?;
    let ns = namespace(s, &p);
    let all_ns = p.bool("all-namespaces");
    let list_ns = if all_ns { None } else { Some(ns.as_str()) };
    let sel = selector(&p)?;
    let show_events = p.bool_or("show-events", true);
    let files = p.all("filename");
    let tns = if !files.is_empty() {
        let ms = read_manifests(s, &files, None, p.bool("recursive"))?;
        let mut v = Vec::new();
        for m in &ms {
            v.push(TypeNames { rt: manifest_type(m).map_err(msg)?, names: vec![m.obj.name().to_string()] });
        }
        v
    } else {
        if p.args.is_empty() {
            return Err(CmdError::Raw(format!("{NO_TYPE}error: Required resource not specified.\nSee 'kubectl describe -h' for help and examples\n")));
        }
        parse_resource_args(&p.args)?
    };
    let mut found: Vec<(&'static ResourceType, Arc<Object>)> = Vec::new();
    let mut errors = Vec::new();
    for tn in &tns {
        if tn.names.is_empty() {
            for o in list(s, tn.rt, list_ns) {
                if sel.as_ref().is_none_or(|l| l.matches_object(&o)) {
                    found.push((tn.rt, o));
                }
            }
            continue;
        }
        for n in &tn.names {
            match get(s, tn.rt, &ns, n) {
                Ok(o) => found.push((tn.rt, o)),
                Err(e) => {
                    let prefixed: Vec<Arc<Object>> = list(s, tn.rt, Some(&ns))
                        .into_iter()
                        .filter(|o| o.name().starts_with(n.as_str()))
                        .collect();
                    if prefixed.is_empty() {
                        errors.push(e.kubectl_message(""));
                    } else {
                        found.extend(prefixed.into_iter().map(|o| (tn.rt, o)));
                    }
                }
            }
        }
    }
    if found.is_empty() && errors.is_empty() {
        let namespaced = tns.first().is_some_and(|t| t.rt.namespaced);
        out.print(&no_resources(list_ns, namespaced));
        return Ok(());
    }
    let now = s.now();
    let mut first = true;
    for (rt, o) in &found {
        let text = describe_one(s, rt, o, show_events, now);
        if first {
            out.print(&text);
            first = false;
        } else {
            out.print(&format!("\n\n{text}"));
        }
    }
    for e in errors {
        out.line(&e);
        out.failed = true;
    }
    Ok(())
}

pub fn describe_one(
    s: &Session,
    rt: &ResourceType,
    o: &Object,
    show_events: bool,
    now: kubeplay_model::SimTime,
) -> String {
    let api = s.cluster().api();
    let events: Vec<Arc<Object>> = if show_events {
        let ns = if o.namespace().is_empty() { None } else { Some(o.namespace()) };
        api.list("events", ns)
            .into_iter()
            .filter(|e| {
                e.str_at("involvedObject.name") == Some(o.name())
                    && e.str_at("involvedObject.kind") == Some(o.kind())
                    // The kubelet records node events with the node's name as uid.
                    && e.str_at("involvedObject.uid").is_none_or(|u| {
                        u.is_empty() || u == o.uid() || (o.kind() == "Node" && u == o.name())
                    })
            })
            .collect()
    } else {
        Vec::new()
    };
    let replicasets: Vec<Arc<Object>> =
        if rt.plural == "deployments" { api.list_owned_by("replicasets", o.uid()) } else { Vec::new() };
    let pods: Vec<Arc<Object>> = match rt.plural {
        "replicasets" => api.list_owned_by("pods", o.uid()),
        "nodes" => api
            .list("pods", None)
            .into_iter()
            .filter(|p| p.str_at("spec.nodeName") == Some(o.name()))
            .collect(),
        _ => Vec::new(),
    };
    let endpoints =
        if rt.plural == "services" { api.get("endpoints", o.namespace(), o.name()).ok() } else { None };
    let ctx = DescribeContext {
        events: events.iter().map(|e| e.as_ref()).collect(),
        replicasets: replicasets.iter().map(|e| e.as_ref()).collect(),
        pods: pods.iter().map(|e| e.as_ref()).collect(),
        endpoints: endpoints.as_deref(),
    };
    print::describe(rt.plural, o, &ctx, now)
}
