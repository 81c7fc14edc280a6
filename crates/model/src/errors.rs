//! API errors shaped like `metav1.Status`, and field errors rendered exactly as apimachinery's
//! `field.Error` does in v1.33, so kubectl's output can be reproduced byte for byte.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldErrorType {
    Required,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    Invalid,
    NotSupported,
    Duplicate,
    NotFound,
}

impl FieldErrorType {
    pub fn text(self) -> &'static str {
        match self {
            FieldErrorType::Required => "Required value",
            FieldErrorType::Forbidden => "Forbidden",
            FieldErrorType::TooLong => "Too long",
            FieldErrorType::TooMany => "Too many",
            FieldErrorType::Internal => "Internal error",
            FieldErrorType::Invalid => "Invalid value",
            FieldErrorType::NotSupported => "Unsupported value",
            FieldErrorType::Duplicate => "Duplicate value",
            FieldErrorType::NotFound => "Not found",
        }
    }
    /// The `reason` in `details.causes` (`FieldValueInvalid`, …).
    pub fn cause_reason(self) -> &'static str {
        match self {
            FieldErrorType::Required => "FieldValueRequired",
            FieldErrorType::Forbidden => "FieldValueForbidden",
            FieldErrorType::TooLong => "FieldValueTooLong",
            FieldErrorType::TooMany => "FieldValueTooMany",
            FieldErrorType::Internal => "InternalError",
            FieldErrorType::Invalid => "FieldValueInvalid",
            FieldErrorType::NotSupported => "FieldValueNotSupported",
            FieldErrorType::Duplicate => "FieldValueDuplicate",
            FieldErrorType::NotFound => "FieldValueNotFound",
        }
    }
}

/// The bad value as Go's `%v`-family would print it inside a field error.
#[derive(Clone, Debug, PartialEq)]
pub enum BadValue {
    None,
    Str(String),
    Int(i64),
    Bool(bool),
    /// Already rendered (e.g. `map[string]string{"app":"web"}` in v1.33's Go syntax).
    Raw(String),
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadValue::None => Ok(()),
            BadValue::Str(s) => f.write_str(&go_quote(s)),
            BadValue::Int(i) => write!(f, "{i}"),
            BadValue::Bool(b) => write!(f, "{b}"),
            BadValue::Raw(r) => f.write_str(r),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub type_: FieldErrorType,
    /// `spec.template.spec.containers[0].ports[0].containerPort`
    pub field: String,
    pub value: BadValue,
    pub detail: String,
}

impl FieldError {
    pub fn new(
        type_: FieldErrorType,
        field: impl Into<String>,
        value: BadValue,
        detail: impl Into<String>,
    ) -> Self {
        FieldError { type_, field: field.into(), value, detail: detail.into() }
    }
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(FieldErrorType::Required, field, BadValue::None, detail)
    }
    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(FieldErrorType::Forbidden, field, BadValue::None, detail)
    }
    pub fn invalid(field: impl Into<String>, value: BadValue, detail: impl Into<String>) -> Self {
        Self::new(FieldErrorType::Invalid, field, value, detail)
    }
    pub fn duplicate(field: impl Into<String>, value: BadValue) -> Self {
        Self::new(FieldErrorType::Duplicate, field, value, "")
    }
    /// `Unsupported value: "Never": supported values: "Always"`
    pub fn not_supported(field: impl Into<String>, value: BadValue, supported: &[&str]) -> Self {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        Self::new(FieldErrorType::NotSupported, field, value, detail)
    }

    /// The error body without the field path (what `details.causes[].message` holds).
    pub fn body(&self) -> String {
        let mut s = self.type_.text().to_string();
        match self.type_ {
            FieldErrorType::Required
            | FieldErrorType::Forbidden
            | FieldErrorType::TooLong
            | FieldErrorType::Internal
            | FieldErrorType::TooMany => {}
            _ => {
                s.push_str(": ");
                s.push_str(&self.value.to_string());
            }
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// `metav1.StatusReason`: why a request failed, as kubectl names it in `Error from server (…)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    BadRequest,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    AlreadyExists,
    Conflict,
    Invalid,
    InternalError,
}

impl Reason {
    /// The wire (and kubectl) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::BadRequest => "BadRequest",
            Reason::Forbidden => "Forbidden",
            Reason::NotFound => "NotFound",
            Reason::MethodNotAllowed => "MethodNotAllowed",
            Reason::AlreadyExists => "AlreadyExists",
            Reason::Conflict => "Conflict",
            Reason::Invalid => "Invalid",
            Reason::InternalError => "InternalError",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `err.reason == "NotFound"` reads as the wire form does.
impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// An error returned by the API server (a non-success `metav1.Status`).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status code: 400, 404, 409, 422, …
    pub code: u16,
    pub reason: Reason,
    pub message: String,
    /// The kind for Invalid errors (`Deployment`), used by kubectl's `The Deployment "web" is invalid`.
    pub kind: String,
    pub name: String,
    pub causes: Vec<FieldError>,
}

impl ApiError {
    fn plain(code: u16, reason: Reason, message: String) -> Self {
        ApiError { code, reason, message, kind: String::new(), name: String::new(), causes: vec![] }
    }
    /// `pods "x" not found`; `qualified_resource` is `pods` or `deployments.apps`.
    pub fn not_found(qualified_resource: &str, name: &str) -> Self {
        Self::plain(404, Reason::NotFound, format!("{qualified_resource} {} not found", go_quote(name)))
    }
    pub fn already_exists(qualified_resource: &str, name: &str) -> Self {
        Self::plain(
            409,
            Reason::AlreadyExists,
            format!("{qualified_resource} {} already exists", go_quote(name)),
        )
    }
    pub fn conflict(qualified_resource: &str, name: &str) -> Self {
        Self::plain(
            409,
            Reason::Conflict,
            format!(
                "Operation cannot be fulfilled on {qualified_resource} {}: the object has been modified; please apply your changes to the latest version and try again",
                go_quote(name)
            ),
        )
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::plain(400, Reason::BadRequest, message.into())
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::plain(403, Reason::Forbidden, message.into())
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::plain(500, Reason::InternalError, message.into())
    }
    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::plain(405, Reason::MethodNotAllowed, message.into())
    }
    /// `Deployment.apps "web" is invalid: [e1, e2]`; `group` empty for core kinds.
    pub fn invalid(kind: &str, group: &str, name: &str, causes: Vec<FieldError>) -> Self {
        let gk = if group.is_empty() { kind.to_string() } else { format!("{kind}.{group}") };
        let list: Vec<String> = causes.iter().map(ToString::to_string).collect();
        let joined = if list.len() == 1 { list[0].clone() } else { format!("[{}]", list.join(", ")) };
        ApiError {
            code: 422,
            reason: Reason::Invalid,
            message: format!("{gk} {} is invalid: {joined}", go_quote(name)),
            kind: kind.into(),
            name: name.into(),
            causes,
        }
    }

    /// What kubectl prints for this error (without a trailing newline). `file_ctx` is the
    /// `error when creating "x.yaml": ` style prefix kubectl adds for `-f`, or empty.
    pub fn kubectl_message(&self, file_ctx: &str) -> String {
        if self.reason == Reason::Invalid && !self.causes.is_empty() {
            let head = format!("The {} {} is invalid: ", self.kind, go_quote(&self.name));
            if self.causes.len() == 1 {
                return format!("{file_ctx}{head}{}", self.causes[0]);
            }
            let mut s = format!("{file_ctx}{head}");
            for c in &self.causes {
                s.push_str("\n* ");
                s.push_str(&c.to_string());
            }
            return s;
        }
        self.standard_message_with(file_ctx)
    }

    /// kubectl's `StandardErrorMessage`: `Error from server (<reason>): <message>` for every
    /// reason (an aggregate's lines use it; only a lone Invalid error gets the details form).
    pub fn standard_message(&self) -> String {
        self.standard_message_with("")
    }

    fn standard_message_with(&self, file_ctx: &str) -> String {
        format!("Error from server ({}): {file_ctx}{}", self.reason, self.message)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// Go's `%q` for strings: double quotes, with `\"`, `\\` and control characters escaped.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `map[string]string` as Go's `%#v` prints it (v1.33 field-error values):
/// `map[string]string{"app":"web", "tier":"fe"}`; `map[string]string(nil)` when absent.
pub fn go_string_map(pairs: Option<&[(String, String)]>) -> String {
    match pairs {
        None => "map[string]string(nil)".into(),
        Some(p) => {
            let items: Vec<String> =
                p.iter().map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v))).collect();
            format!("map[string]string{{{}}}", items.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn invalid_single_cause_renders_like_kubectl() {
        let e = ApiError::invalid(
            "Deployment",
            "apps",
            "web",
            vec![FieldError::invalid(
                "spec.template.metadata.labels",
                BadValue::Raw(go_string_map(Some(&[("app".into(), "other".into())]))),
                "`selector` does not match template `labels`",
            )],
        );
        assert_eq!(
            e.kubectl_message(""),
            "The Deployment \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`"
        );
    }

    #[test]
    fn invalid_many_causes_lists_them() {
        let e = ApiError::invalid(
            "Deployment",
            "apps",
            "web",
            vec![
                FieldError::required("spec.selector", ""),
                FieldError::not_supported(
                    "spec.template.spec.restartPolicy",
                    BadValue::Str("Never".into()),
                    &["Always"],
                ),
            ],
        );
        assert_eq!(
            e.kubectl_message(""),
            "The Deployment \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
        );
    }

    #[test]
    fn not_found_and_conflict() {
        assert_eq!(
            ApiError::not_found("deployments.apps", "web").kubectl_message(""),
            "Error from server (NotFound): deployments.apps \"web\" not found"
        );
        assert!(ApiError::conflict("deployments.apps", "web").message.starts_with(
            "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified"
        ));
    }
}
