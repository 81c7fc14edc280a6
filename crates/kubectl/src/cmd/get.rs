//! `kubectl get` (tables, `-o` formats, `-w` watches) and `kubectl events`.

use std::sync::Arc;

use kubeplay_apiserver::WatchEventType;
use kubeplay_cluster::Cluster;
use kubeplay_model::resource::ResourceType;
use kubeplay_model::{LabelSelector, Object, ObjectExt};

use super::common::*;
use super::{parse_flags, Ctx};
use crate::flags::{flag, Flag, Kind};
use crate::print::{self, TableOptions};
use crate::session::Session;
use crate::stream::{Poller, Stream};

pub const FLAGS: &[Flag] = &[
    flag("output", Some('o'), Kind::Str),
    flag("watch", Some('w'), Kind::Bool),
    flag("watch-only", None, Kind::Bool),
    flag("output-watch-events", None, Kind::Bool),
    flag("all-namespaces", Some('A'), Kind::Bool),
    flag("selector", Some('l'), Kind::Str),
    flag("field-selector", None, Kind::Str),
    flag("show-labels", None, Kind::Bool),
    flag("label-columns", Some('L'), Kind::Array),
    flag("no-headers", None, Kind::Bool),
    flag("show-kind", None, Kind::Bool),
    flag("sort-by", None, Kind::Str),
    flag("filename", Some('f'), Kind::Array),
    flag("recursive", Some('R'), Kind::Bool),
    flag("chunk-size", None, Kind::Int),
    flag("ignore-not-found", None, Kind::Bool),
    flag("template", None, Kind::Str),
    flag("allow-missing-template-keys", None, Kind::Bool),
    flag("show-managed-fields", None, Kind::Bool),
    flag("raw", None, Kind::Str),
    flag("subresource", None, Kind::Str),
];

const NO_TYPE: &str = "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n";

pub fn run(s: &mut Session, words: &[String], ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("get", words, FLAGS)?;
    let fmt = output_format(&p, true)?;
    let all_ns = p.bool("all-namespaces");
    let ns = namespace(s, &p);
    let list_ns: Option<&str> = if all_ns { None } else { Some(&ns) };
    let sel = selector(&p)?;
    let mut single = false;

    // Which objects, grouped per type in request order.
    let mut groups: Vec<(&'static ResourceType, Vec<Arc<Object>>)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let files = p.all("filename");
    let tns = if !files.is_empty() {
        let ms = read_manifests(s, &files, ctx.stdin, p.bool("recursive"))?;
        let mut tns: Vec<TypeNames> = Vec::new();
        for m in &ms {
            let rt = manifest_type(m).map_err(msg)?;
            match tns.iter_mut().find(|t| t.rt.plural == rt.plural) {
                Some(t) => t.names.push(m.obj.name().to_string()),
                None => tns.push(TypeNames { rt, names: vec![m.obj.name().to_string()] }),
            }
        }
        tns
    } else {
        if p.args.is_empty() {
            return Err(CmdError::Raw(NO_TYPE.to_string()));
        }
        parse_resource_args(&p.args)?
    };
    let show_kind = tns.len() > 1
        || p.args.first().is_some_and(|a| a.split(',').any(|t| t == "all"))
        || p.bool("show-kind");
    if tns.len() == 1 && tns[0].names.len() == 1 {
        single = true;
    }
    for tn in &tns {
        let fs = match p.str("field-selector") {
            Some(f) => Some(FieldSelector::parse(f, tn.rt)?),
            None => None,
        };
        let mut objs = Vec::new();
        if tn.names.is_empty() {
            for o in list(s, tn.rt, list_ns) {
                if sel.as_ref().is_none_or(|l| l.matches_object(&o))
                    && fs.as_ref().is_none_or(|f| f.matches(&o))
                {
                    objs.push(o);
                }
            }
        } else {
            for n in &tn.names {
                match get(s, tn.rt, &ns, n) {
                    Ok(o) => objs.push(o),
                    Err(e) if e.reason == "NotFound" && p.bool("ignore-not-found") => {}
                    Err(e) => errors.push(e.kubectl_message("")),
                }
            }
        }
        if tn.rt.plural == "endpoints" && !objs.is_empty() {
            out.line("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice");
        }
        groups.push((tn.rt, objs));
    }

    if p.bool("watch") || p.bool("watch-only") {
        let kinds_with_objs = tns.len();
        if kinds_with_objs > 1 {
            return Err(msg(format!(
                "watch is only supported on individual resources and resource collections, but {kinds_with_objs} resources were found"
            )));
        }
        let Some((rt, objs)) = groups.first().cloned() else {
            return Ok(());
        };
        let opts = table_options(&p, &fmt, all_ns, show_kind);
        let now = s.now();
        let watch_only = p.bool("watch-only");
        let mut header_printed = false;
        if !watch_only {
            let refs: Vec<&Object> = objs.iter().map(|o| o.as_ref()).collect();
            if refs.is_empty() {
                if errors.is_empty() {
                    out.print(&no_resources(list_ns, rt.namespaced));
                }
            } else {
                print_list(&fmt, rt, &refs, now, &opts, false, out)?;
                header_printed = true;
            }
        }
        for e in &errors {
            out.line(e);
            out.failed = true;
        }
        let names = tns[0].names.clone();
        let poller = WatchPoller {
            rv: s.cluster().api().resource_version(),
            rt,
            ns: list_ns.map(String::from),
            sel: sel.clone(),
            names,
            fmt: fmt.clone(),
            opts,
            header_printed,
            events: p.bool("output-watch-events"),
        };
        let id = s.add_stream(Stream::new(Box::new(poller)));
        out.stream = Some(id);
        return Ok(());
    }

    let now = s.now();
    let total: usize = groups.iter().map(|g| g.1.len()).sum();
    match &fmt {
        OutputFormat::Table | OutputFormat::Wide => {
            let opts = table_options(&p, &fmt, all_ns, show_kind);
            let mut tables = Vec::new();
            for (rt, objs) in &groups {
                if objs.is_empty() {
                    continue;
                }
                let mut refs: Vec<&Object> = objs.iter().map(|o| o.as_ref()).collect();
                sort_by(&p, &mut refs);
                tables.push(print::table_for(rt.plural, &refs, now, &opts));
            }
            out.print(&print::render_tables(&tables));
            if total == 0 && errors.is_empty() {
                let namespaced = groups.first().is_some_and(|g| g.0.namespaced);
                out.print(&no_resources(list_ns, namespaced));
            }
        }
        OutputFormat::CustomColumns(spec) => {
            let mut refs: Vec<&Object> = groups.iter().flat_map(|g| g.1.iter().map(|o| o.as_ref())).collect();
            sort_by(&p, &mut refs);
            if refs.is_empty() && errors.is_empty() {
                let namespaced = groups.first().is_some_and(|g| g.0.namespaced);
                out.print(&no_resources(list_ns, namespaced));
            } else {
                out.print(&print::custom_columns(spec, &refs, p.bool("no-headers")).map_err(msg)?);
            }
        }
        _ => {
            let mut refs: Vec<&Object> = groups.iter().flat_map(|g| g.1.iter().map(|o| o.as_ref())).collect();
            sort_by(&p, &mut refs);
            if refs.is_empty() && !errors.is_empty() {
                // Only errors: nothing to print.
            } else if refs.is_empty() && fmt == OutputFormat::Name {
                let namespaced = groups.first().is_some_and(|g| g.0.namespaced);
                out.print(&no_resources(list_ns, namespaced));
            } else {
                print_objects(&fmt, &refs, single && refs.len() == 1, out)?;
            }
        }
    }
    for e in errors {
        out.line(&e);
        out.failed = true;
    }
    Ok(())
}

fn table_options(
    p: &crate::flags::Parsed,
    fmt: &OutputFormat,
    all_ns: bool,
    show_kind: bool,
) -> TableOptions {
    TableOptions {
        wide: *fmt == OutputFormat::Wide,
        show_labels: p.bool("show-labels"),
        with_namespace: all_ns,
        with_kind_prefix: show_kind,
        no_headers: p.bool("no-headers"),
        label_columns: p
            .all("label-columns")
            .iter()
            .flat_map(|l| l.split(',').map(String::from).collect::<Vec<_>>())
            .collect(),
    }
}

/// `--sort-by=.metadata.name` / `{.status.startTime}`: a stable sort on one JSONPath field.
fn sort_by(p: &crate::flags::Parsed, objs: &mut [&Object]) {
    let Some(field) = p.str("sort-by") else { return };
    let path = field.trim_start_matches('{').trim_end_matches('}').trim_start_matches('.').to_string();
    objs.sort_by(|a, b| {
        let va = a.at(&path);
        let vb = b.at(&path);
        match (va.and_then(|v| v.as_f64()), vb.and_then(|v| v.as_f64())) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
            _ => {
                let sa = va
                    .map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string()))
                    .unwrap_or_default();
                let sb = vb
                    .map(|v| v.as_str().map(String::from).unwrap_or_else(|| v.to_string()))
                    .unwrap_or_default();
                sa.cmp(&sb)
            }
        }
    });
}

fn print_list(
    fmt: &OutputFormat,
    rt: &ResourceType,
    objs: &[&Object],
    now: kubeplay_model::SimTime,
    opts: &TableOptions,
    headerless: bool,
    out: &mut Out,
) -> Result<(), CmdError> {
    match fmt {
        OutputFormat::Table | OutputFormat::Wide => {
            let mut o = opts.clone();
            o.no_headers = o.no_headers || headerless;
            out.print(&print::render_table(&print::table_for(rt.plural, objs, now, &o)));
        }
        OutputFormat::CustomColumns(spec) => {
            out.print(&print::custom_columns(spec, objs, opts.no_headers || headerless).map_err(msg)?);
        }
        _ => {
            for o in objs {
                print_objects(fmt, &[*o], true, out)?;
            }
        }
    }
    Ok(())
}

/// `get -w`: prints a row for each watch event on the watched type after the initial list.
struct WatchPoller {
    rv: u64,
    rt: &'static ResourceType,
    ns: Option<String>,
    sel: Option<LabelSelector>,
    names: Vec<String>,
    fmt: OutputFormat,
    opts: TableOptions,
    header_printed: bool,
    events: bool,
}

impl Poller for WatchPoller {
    fn poll(&mut self, c: &Cluster) -> (String, Option<i32>) {
        let mut out = Out::default();
        let now = c.now();
        let evs: Vec<_> = c.api().events_since(self.rv).to_vec();
        for ev in evs {
            self.rv = self.rv.max(ev.rv);
            if ev.resource != self.rt.plural {
                continue;
            }
            let o = ev.object.as_ref();
            if let Some(ns) = &self.ns {
                if self.rt.namespaced && o.namespace() != ns {
                    continue;
                }
            }
            if !self.names.is_empty() && !self.names.iter().any(|n| n == o.name()) {
                continue;
            }
            if self.sel.as_ref().is_some_and(|l| !l.matches_object(o)) {
                continue;
            }
            if self.events && matches!(self.fmt, OutputFormat::Table | OutputFormat::Wide) {
                let t = match ev.type_ {
                    WatchEventType::Added => "ADDED",
                    WatchEventType::Modified => "MODIFIED",
                    WatchEventType::Deleted => "DELETED",
                };
                let mut o2 = self.opts.clone();
                o2.no_headers = self.header_printed || o2.no_headers;
                let table = print::render_table(&print::table_for(self.rt.plural, &[o], now, &o2));
                // The EVENT column goes first.
                for (i, l) in table.lines().enumerate() {
                    let first =
                        if i == 0 && !self.header_printed && !self.opts.no_headers { "EVENT" } else { t };
                    out.line(&format!("{first:<10}{l}"));
                }
                self.header_printed = true;
                continue;
            }
            let headerless = self.header_printed;
            let _ = print_list(&self.fmt, self.rt, &[o], now, &self.opts, headerless, &mut out);
            self.header_printed = true;
        }
        (out.text, None)
    }
}

pub const EVENTS_FLAGS: &[Flag] = &[
    flag("all-namespaces", Some('A'), Kind::Bool),
    flag("for", None, Kind::Str),
    flag("types", None, Kind::Array),
    flag("watch", Some('w'), Kind::Bool),
    flag("output", Some('o'), Kind::Str),
    flag("no-headers", None, Kind::Bool),
    flag("chunk-size", None, Kind::Int),
    flag("allow-missing-template-keys", None, Kind::Bool),
    flag("template", None, Kind::Str),
    flag("show-managed-fields", None, Kind::Bool),
];

/// `kubectl events [--for TYPE/NAME] [--types=Warning] [-A]`, sorted by time.
pub fn run_events(s: &mut Session, words: &[String], _ctx: &Ctx, out: &mut Out) -> Result<(), CmdError> {
    let p = parse_flags("events", words, EVENTS_FLAGS)?;
    let fmt = output_format(&p, false).or_else(|e| {
        if p.str("output") == Some("wide") {
            Ok(OutputFormat::Wide)
        } else {
            Err(e)
        }
    })?;
    let all_ns = p.bool("all-namespaces");
    let ns = namespace(s, &p);
    let types: Vec<String> =
        p.all("types").iter().flat_map(|t| t.split(',').map(String::from).collect::<Vec<_>>()).collect();
    for t in &types {
        if !t.eq_ignore_ascii_case("normal") && !t.eq_ignore_ascii_case("warning") {
            return Err(msg("valid --types are Normal or Warning"));
        }
    }
    let mut for_obj: Option<(String, String)> = None;
    if let Some(f) = p.str("for") {
        let (t, n) = f.split_once('/').ok_or_else(|| msg("--for must be in resource/name form"))?;
        let rt = resolve_type(t)?;
        for_obj = Some((rt.kind.to_string(), n.to_string()));
    }
    if !p.args.is_empty() {
        return Err(msg("unknown command(s) specified"));
    }
    let evs = list(
        s,
        kubeplay_model::resource::by_plural("events").ok_or_else(|| msg("no events"))?,
        if all_ns { None } else { Some(&ns) },
    );
    let mut refs: Vec<&Object> = evs
        .iter()
        .map(|e| e.as_ref())
        .filter(|e| {
            types.is_empty()
                || types.iter().any(|t| e.str_at("type").is_some_and(|x| x.eq_ignore_ascii_case(t)))
        })
        .filter(|e| {
            for_obj.as_ref().is_none_or(|(k, n)| {
                e.str_at("involvedObject.kind") == Some(k.as_str())
                    && e.str_at("involvedObject.name") == Some(n.as_str())
            })
        })
        .collect();
    if !matches!(fmt, OutputFormat::Table | OutputFormat::Wide) {
        print_objects(&fmt, &refs, false, out)?;
        return Ok(());
    }
    refs.sort_by_key(|e| event_time(e));
    match print::events::events_table(&refs, s.now(), all_ns) {
        Some(t) => out.print(&t),
        None => {
            if all_ns {
                out.line("No events found.");
            } else {
                out.line(&format!("No events found in {ns} namespace."));
            }
        }
    }
    Ok(())
}

fn event_time(e: &Object) -> i64 {
    let t = e
        .str_at("lastTimestamp")
        .or_else(|| e.str_at("eventTime"))
        .or_else(|| e.str_at("firstTimestamp"))
        .and_then(kubeplay_model::SimTime::parse_rfc3339);
    t.map(|t| t.millis()).unwrap_or(0)
}
