//! What `apply -f` and `create -f` share: cli-runtime's resource builder visiting manifests with
//! `ContinueOnError` (resource/visitor.go), per-document error wrapping (`AddSourceToErr`), and
//! kubectl's final error rendering (`cmdutil.CheckErr`), which prints a lone error and an
//! aggregate differently.
//!
//! How the builder reports problems, per file (a `StreamVisitor` over its documents):
//! - a YAML syntax error, or a client-side schema error (`apiVersion not set`), ends that file's
//!   stream; the documents before it were already visited and are still applied or created;
//! - an unknown kind (no REST mapping) is recorded and the stream goes on;
//! - the errors of every file are gathered into one aggregate (`EagerVisitorList`), reported after
//!   the per-object errors of `create` and before those of `apply` (which collects its infos
//!   first, then applies them).

use kubeplay_model::errors::go_quote;
use kubeplay_model::resource::ResourceType;
use kubeplay_model::ApiError;

use super::common::*;
use crate::session::Session;

/// An error as kubectl holds it until `CheckErr` prints it.
#[derive(Clone, Debug, PartialEq)]
pub enum KErr {
    /// `fmt.Errorf`: printed as `error: <msg>` alone, as `<msg>` in an aggregate.
    Plain(String),
    /// A `StatusError` from the server; its message already carries the source context.
    Status(ApiError),
    /// `utilerrors.Aggregate`.
    Agg(Vec<KErr>),
}

impl KErr {
    /// Go's `err.Error()`. An aggregate flattens nested aggregates, drops repeated messages and
    /// brackets the list when more than one message remains.
    pub fn message(&self) -> String {
        match self {
            KErr::Plain(m) => m.clone(),
            KErr::Status(e) => e.message.clone(),
            KErr::Agg(v) if v.len() == 1 => v[0].message(),
            KErr::Agg(_) => {
                let mut seen: Vec<String> = Vec::new();
                self.flatten_messages(&mut seen);
                if seen.len() == 1 {
                    seen.remove(0)
                } else {
                    format!("[{}]", seen.join(", "))
                }
            }
        }
    }

    fn flatten_messages(&self, seen: &mut Vec<String>) {
        match self {
            KErr::Agg(v) => v.iter().for_each(|e| e.flatten_messages(seen)),
            other => {
                let m = other.message();
                if !seen.contains(&m) {
                    seen.push(m);
                }
            }
        }
    }
}

/// `utilerrors.NewAggregate`: nothing for no errors, else an aggregate (even of one).
pub fn aggregate(errs: Vec<KErr>) -> Option<KErr> {
    if errs.is_empty() {
        None
    } else {
        Some(KErr::Agg(errs))
    }
}

/// `ContinueOnErrorVisitor` and apply's final `errs`: one error as itself, several as an aggregate.
pub fn one_or_aggregate(mut errs: Vec<KErr>) -> Option<KErr> {
    match errs.len() {
        0 => None,
        1 => errs.pop(),
        _ => Some(KErr::Agg(errs)),
    }
}

/// `cmdutil.AddSourceToErr(verb, source, err)` for a server error: the Status message gains
/// `error when <verb> "<source>": ` and the error stays a Status.
pub fn add_source_to_err(verb: &str, source: &str, mut e: ApiError) -> KErr {
    e.message = format!("error when {verb} {}: {}", go_quote(source), e.message);
    KErr::Status(e)
}

/// `StandardErrorMessage`, or the plain message (`messageForError`).
fn message_for_error(e: &KErr) -> String {
    match e {
        KErr::Status(api) => api.standard_message(),
        other => other.message(),
    }
}

/// What `cmdutil.CheckErr` prints for a command's final error (with the trailing newline).
pub fn check_err(e: &KErr) -> String {
    let e = match e {
        KErr::Agg(v) if v.len() == 1 => &v[0],
        other => other,
    };
    match e {
        // IsInvalid: `The Deployment "web" is invalid: …` from the details (no source context);
        // any other Status as `StandardErrorMessage`.
        KErr::Status(api) => format!("{}\n", api.kubectl_message("")),
        // MultipleErrors: one line per error, no `error: ` prefix.
        KErr::Agg(v) => v.iter().map(|x| format!("{}\n", message_for_error(x))).collect(),
        KErr::Plain(m) if m.starts_with("error: ") => format!("{m}\n"),
        KErr::Plain(m) => format!("error: {m}\n"),
    }
}

/// One document the builder handed to the command: its manifest, type and namespace, or the
/// per-object error a decorator raised (the namespace check), in stream order.
pub enum Item {
    Info(Manifest, &'static ResourceType, String),
    Err(KErr),
}

/// The result of visiting every `-f` source with `ContinueOnError`.
pub struct Visited {
    pub items: Vec<Item>,
    /// The aggregate of every file's stream errors (syntax, schema, unknown kinds).
    pub stream_err: Option<KErr>,
}

impl Visited {
    /// `r.Infos()` as apply uses it: the infos, and the builder's error (decorator errors in
    /// order, then the streams' aggregate).
    pub fn infos(self) -> (Vec<(Manifest, &'static ResourceType, String)>, Option<KErr>) {
        let mut infos = Vec::new();
        let mut errs = Vec::new();
        for it in self.items {
            match it {
                Item::Info(m, rt, ns) => infos.push((m, rt, ns)),
                Item::Err(e) => errs.push(e),
            }
        }
        errs.extend(self.stream_err);
        (infos, one_or_aggregate(errs))
    }
}

/// Visits the `-f` sources (files, directories, `-`); a missing path is fatal before anything is
/// visited, as in `FilenameParam`.
pub fn visit_files(
    s: &Session,
    filenames: &[String],
    stdin: Option<&str>,
    recursive: bool,
    ns: &str,
    explicit_ns: bool,
) -> Result<Visited, CmdError> {
    let sources = read_sources(s, filenames, stdin, recursive)?;
    Ok(visit_sources(&sources, ns, explicit_ns))
}

/// Visits sources given as `(name kubectl shows, text)`.
pub fn visit_sources(sources: &[(String, String)], ns: &str, explicit_ns: bool) -> Visited {
    let mut items = Vec::new();
    let mut stream_errs = Vec::new();
    for (name, text) in sources {
        visit_stream(name, text, ns, explicit_ns, &mut items, &mut stream_errs);
    }
    Visited { items, stream_err: aggregate(stream_errs) }
}

/// One file's `StreamVisitor`: documents in order until the first syntax or schema error.
fn visit_stream(
    name: &str,
    text: &str,
    ns: &str,
    explicit_ns: bool,
    items: &mut Vec<Item>,
    stream_errs: &mut Vec<KErr>,
) {
    let (docs, diags) = kubeplay_yaml::parse_documents(text);
    let syntax = diags.iter().filter(|d| d.severity == kubeplay_yaml::Severity::Error).min_by_key(|d| d.pos);
    for doc in docs {
        if let Some(d) = syntax {
            // A document after the broken one is never read.
            if doc.end_line >= d.pos.line {
                break;
            }
        }
        if doc.value.is_null() {
            continue;
        }
        let m = Manifest { source: name.to_string(), obj: doc.value.clone(), doc };
        if let Some(e) = manifest_schema_error(&m) {
            stream_errs.push(KErr::Plain(e));
            return;
        }
        let rt = match manifest_type(&m) {
            Ok(rt) => rt,
            Err(e) => {
                stream_errs.push(KErr::Plain(e));
                continue;
            }
        };
        match manifest_namespace(&m, rt, ns, explicit_ns) {
            Ok(obj_ns) => items.push(Item::Info(m, rt, obj_ns)),
            Err(e) => items.push(Item::Err(KErr::Plain(e))),
        }
    }
    if let Some(d) = syntax {
        let line = kubeplay_yaml::kubectl_parse_error(name, d);
        stream_errs.push(KErr::Plain(line.strip_prefix("error: ").unwrap_or(&line).to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn invalid() -> ApiError {
        use kubeplay_model::errors::BadValue;
        let cause = kubeplay_model::FieldError::invalid(
            "spec.replicas",
            BadValue::Int(-1),
            "must be greater than or equal to 0",
        );
        ApiError::invalid("Deployment", "apps", "web", vec![cause])
    }

    #[test]
    fn a_lone_error_gets_the_error_prefix_an_aggregate_does_not() {
        // cmdutil.checkErr: default branch adds `error: `; MultipleErrors prints messages as is.
        let parse = KErr::Plain("error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: did not find expected node content".into());
        assert_eq!(
            check_err(&KErr::Agg(vec![parse.clone()])),
            "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: did not find expected node content\n"
        );
        let get = KErr::Plain("error when retrieving current configuration of:\nx".into());
        // The shape kubectl.1.33 prints offline for `apply -f bad.yaml` (parse error + a failed GET).
        assert_eq!(
            check_err(&KErr::Agg(vec![KErr::Agg(vec![parse]), get])),
            "error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: did not find expected node content\nerror when retrieving current configuration of:\nx\n"
        );
    }

    #[test]
    fn invalid_alone_uses_the_details_and_in_an_aggregate_the_status_message() {
        let e = add_source_to_err("creating", "d.yaml", invalid());
        assert_eq!(
            check_err(&e),
            "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
        );
        let agg = KErr::Agg(vec![KErr::Plain("boom".into()), e]);
        assert_eq!(
            check_err(&agg),
            "boom\nError from server (Invalid): error when creating \"d.yaml\": Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
        );
    }

    #[test]
    fn nested_aggregate_message_is_bracketed_and_deduplicated() {
        let a = KErr::Agg(vec![KErr::Plain("a".into()), KErr::Plain("b".into()), KErr::Plain("a".into())]);
        assert_eq!(a.message(), "[a, b]");
        assert_eq!(check_err(&KErr::Agg(vec![KErr::Plain("x".into()), a])), "x\n[a, b]\n");
        assert_eq!(KErr::Agg(vec![KErr::Plain("a".into()), KErr::Plain("a".into())]).message(), "a");
    }

    #[test]
    fn a_syntax_error_ends_the_stream_after_the_documents_before_it() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  labels: [\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n";
        let v = visit_sources(&[("bad.yaml".into(), text.into())], "default", false);
        let (infos, err) = v.infos();
        let names: Vec<&str> =
            infos.iter().map(|(m, _, _)| kubeplay_model::ObjectExt::name(&m.obj)).collect();
        assert_eq!(names, ["ok"]);
        assert_eq!(
            check_err(&err.expect("an error")),
            "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: did not find expected node content\n"
        );
    }

    #[test]
    fn an_unknown_kind_is_recorded_and_the_stream_goes_on() {
        let text = "apiVersion: foo/v1\nkind: Bar\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkind: ConfigMap\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never\n";
        let (infos, err) = visit_sources(&[("m.yaml".into(), text.into())], "default", false).infos();
        assert_eq!(infos.len(), 1);
        assert_eq!(
            check_err(&err.expect("errors")),
            "resource mapping not found for name: \"x\" namespace: \"\" from \"m.yaml\": no matches for kind \"Bar\" in version \"foo/v1\"\nensure CRDs are installed first\nerror validating \"m.yaml\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n"
        );
    }
}
