//! Label selectors: `metav1.LabelSelector` (matchLabels + matchExpressions), Service selectors
//! (a plain map) and kubectl's `-l` string syntax, all as one matcher.

use serde_json::{Map, Value};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Equals,
    NotEquals,
    /// `Gt` / `Lt` (node affinity; kubectl `-l key>3` is not valid, but the types exist).
    Gt,
    Lt,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Requirement {
    pub key: String,
    pub op: Operator,
    pub values: Vec<String>,
}

impl Requirement {
    pub fn matches(&self, labels: &Map<String, Value>) -> bool {
        let v = labels.get(&self.key).and_then(Value::as_str);
        match self.op {
            Operator::In | Operator::Equals => v.is_some_and(|v| self.values.iter().any(|x| x == v)),
            Operator::NotIn | Operator::NotEquals => v.is_none_or(|v| !self.values.iter().any(|x| x == v)),
            Operator::Exists => v.is_some(),
            Operator::DoesNotExist => v.is_none(),
            Operator::Gt | Operator::Lt => {
                let (Some(v), Some(x)) = (v.and_then(|v| v.parse::<i64>().ok()), self.values.first()) else {
                    return false;
                };
                let Ok(x) = x.parse::<i64>() else { return false };
                if self.op == Operator::Gt {
                    v > x
                } else {
                    v < x
                }
            }
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let vals = || self.values.join(",");
        match self.op {
            Operator::Equals => write!(f, "{}={}", self.key, vals()),
            Operator::NotEquals => write!(f, "{}!={}", self.key, vals()),
            Operator::In => write!(f, "{} in ({})", self.key, vals()),
            Operator::NotIn => write!(f, "{} notin ({})", self.key, vals()),
            Operator::Exists => write!(f, "{}", self.key),
            Operator::DoesNotExist => write!(f, "!{}", self.key),
            Operator::Gt => write!(f, "{}>{}", self.key, vals()),
            Operator::Lt => write!(f, "{}<{}", self.key, vals()),
        }
    }
}

/// A conjunction of requirements. `None` selectors (a missing `spec.selector`) are modelled by
/// the caller as "matches nothing", as `metav1.LabelSelectorAsSelector(nil)` does.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LabelSelector {
    pub requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// From a `metav1.LabelSelector` JSON object. Unknown operators yield an error string.
    pub fn from_label_selector(v: &Value) -> Result<Self, String> {
        let mut reqs = Vec::new();
        if let Some(ml) = v.get("matchLabels").and_then(Value::as_object) {
            for (k, val) in ml {
                reqs.push(Requirement {
                    key: k.clone(),
                    op: Operator::Equals,
                    values: vec![val.as_str().unwrap_or_default().to_string()],
                });
            }
        }
        if let Some(me) = v.get("matchExpressions").and_then(Value::as_array) {
            for e in me {
                let key = e.get("key").and_then(Value::as_str).unwrap_or_default().to_string();
                let values: Vec<String> = e
                    .get("values")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                    .unwrap_or_default();
                let op = match e.get("operator").and_then(Value::as_str).unwrap_or_default() {
                    "In" => Operator::In,
                    "NotIn" => Operator::NotIn,
                    "Exists" => Operator::Exists,
                    "DoesNotExist" => Operator::DoesNotExist,
                    other => return Err(format!("{other:?} is not a valid label selector operator")),
                };
                reqs.push(Requirement { key, op, values });
            }
        }
        reqs.sort();
        Ok(LabelSelector { requirements: reqs })
    }

    /// From a Service-style `{key: value}` map (equality on every key).
    pub fn from_map(m: &Map<String, Value>) -> Self {
        let requirements = m
            .iter()
            .map(|(k, v)| Requirement {
                key: k.clone(),
                op: Operator::Equals,
                values: vec![v.as_str().unwrap_or_default().to_string()],
            })
            .collect();
        LabelSelector { requirements }
    }

    /// Parses kubectl's `-l` syntax: `a=b,c==d,e!=f,g in (x,y),h notin (z),i,!j`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut reqs = Vec::new();
        for part in split_top_level(s) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let req = if let Some(k) = part.strip_prefix('!') {
                Requirement { key: check_key(k.trim())?, op: Operator::DoesNotExist, values: vec![] }
            } else if let Some((k, v)) = part.split_once("!=") {
                Requirement {
                    key: check_key(k.trim())?,
                    op: Operator::NotEquals,
                    values: vec![v.trim().into()],
                }
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                Requirement { key: check_key(k.trim())?, op: Operator::Equals, values: vec![v.trim().into()] }
            } else if let Some((k, rest)) = split_word(part, " notin ") {
                Requirement { key: check_key(k)?, op: Operator::NotIn, values: parse_set(rest)? }
            } else if let Some((k, rest)) = split_word(part, " in ") {
                Requirement { key: check_key(k)?, op: Operator::In, values: parse_set(rest)? }
            } else {
                Requirement { key: check_key(part)?, op: Operator::Exists, values: vec![] }
            };
            reqs.push(req);
        }
        reqs.sort();
        Ok(LabelSelector { requirements: reqs })
    }

    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    pub fn matches(&self, labels: &Map<String, Value>) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    /// Matches an object by its `metadata.labels`.
    pub fn matches_object(&self, obj: &Value) -> bool {
        match obj.get("metadata").and_then(|m| m.get("labels")).and_then(Value::as_object) {
            Some(l) => self.matches(l),
            None => self.matches(&Map::new()),
        }
    }
}

impl fmt::Display for LabelSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.requirements.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join(","))
    }
}

fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn split_word<'a>(s: &'a str, word: &str) -> Option<(&'a str, &'a str)> {
    let i = s.find(word)?;
    Some((s[..i].trim(), s[i + word.len()..].trim()))
}

fn parse_set(s: &str) -> Result<Vec<String>, String> {
    let inner = s
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .ok_or_else(|| format!("unable to parse requirement: found '{s}', expected: '('"))?;
    Ok(inner.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect())
}

fn check_key(k: &str) -> Result<String, String> {
    if k.is_empty() || k.contains(' ') {
        return Err(format!("unable to parse requirement: invalid label key {k:?}"));
    }
    Ok(k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn labels(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn label_selector_json() {
        let s = LabelSelector::from_label_selector(&json!({
            "matchLabels": {"app": "web"},
            "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]}]
        }))
        .unwrap();
        assert!(s.matches(&labels(json!({"app": "web", "tier": "fe"}))));
        assert!(!s.matches(&labels(json!({"app": "web"}))));
        assert_eq!(s.to_string(), "app=web,tier in (fe,be)");
    }

    #[test]
    fn kubectl_syntax() {
        let s = LabelSelector::parse("app=web,env!=prod,tier in (fe, be),!canary").unwrap();
        assert!(s.matches(&labels(json!({"app": "web", "tier": "be"}))));
        assert!(!s.matches(&labels(json!({"app": "web", "tier": "be", "canary": "1"}))));
        assert!(!s.matches(&labels(json!({"app": "web", "tier": "be", "env": "prod"}))));
        assert!(LabelSelector::parse("a in b").is_err());
    }
}
