//! kubectl's JSONPath template dialect (`k8s.io/client-go/util/jsonpath`): text outside `{…}`
//! is copied, actions walk the object; `range`/`end`, filters, slices, unions, `..`.

use serde_json::Value;

use super::gofmt::{go_json, go_json_indent, go_number, go_sharp_v};

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    List(Vec<Node>),
    Field(String),
    Array([Param; 3]),
    Filter { left: Vec<Node>, right: Vec<Node>, op: String },
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
    Ident(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Default)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
}

fn is_terminator(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(c, ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'),
    }
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn backup(&mut self, c: Option<char>) {
        if let Some(c) = c {
            self.pos -= c.len_utf8();
        }
    }
    fn consume(&mut self) -> &'a str {
        let s = &self.input[self.start..self.pos];
        self.start = self.pos;
        s
    }

    /// Top level: text and `{…}` actions.
    fn parse_root(&mut self) -> Result<Vec<Node>, String> {
        let mut root = Vec::new();
        loop {
            match self.rest().find('{') {
                None => {
                    self.pos = self.input.len();
                    if self.pos > self.start {
                        root.push(Node::Text(self.consume().to_string()));
                    }
                    return Ok(root);
                }
                Some(off) => {
                    self.pos += off;
                    if self.pos > self.start {
                        root.push(Node::Text(self.consume().to_string()));
                    }
                    self.pos += 1;
                    self.consume();
                    let mut list = Vec::new();
                    self.parse_inside(&mut list)?;
                    root.push(Node::List(list));
                }
            }
        }
    }

    /// Inside an action until the closing `}` (consumed).
    fn parse_inside(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            let rest = self.rest();
            if rest.starts_with('}') {
                self.pos += 1;
                self.consume();
                return Ok(());
            }
            if rest.starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            }
            if rest.starts_with("..") {
                if matches!(cur.last(), Some(Node::Recursive)) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                self.consume();
                cur.push(Node::Recursive);
                if self.peek().is_some_and(is_alnum) {
                    self.parse_field(cur);
                }
                continue;
            }
            let c = self.next();
            match c {
                None | Some('\n') | Some('\r') => return Err("unclosed action".into()),
                Some(' ') | Some('@') | Some('$') => {
                    self.consume();
                }
                Some('[') => self.parse_array(cur)?,
                Some(q @ ('"' | '\'')) => self.parse_quote(cur, q)?,
                Some('.') => self.parse_field(cur),
                Some(c) if c == '+' || c == '-' || c.is_ascii_digit() => {
                    self.backup(Some(c));
                    self.parse_number(cur)?;
                }
                Some(c) if is_alnum(c) => {
                    self.backup(Some(c));
                    self.parse_identifier(cur);
                }
                Some(c) => return Err(format!("unrecognized character in action: U+{:04X} '{c}'", c as u32)),
            }
        }
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume();
        loop {
            let c = self.next();
            if c == Some('\\') {
                self.next();
            } else if is_terminator(c) {
                self.backup(c);
                break;
            }
        }
        let v = self.consume();
        if v == "*" {
            cur.push(Node::Wildcard);
        } else {
            cur.push(Node::Field(v.replace('\\', "")));
        }
    }

    fn parse_identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let c = self.next();
            if is_terminator(c) {
                self.backup(c);
                break;
            }
        }
        let v = self.consume();
        match v {
            "true" => cur.push(Node::Bool(true)),
            "false" => cur.push(Node::Bool(false)),
            _ => cur.push(Node::Ident(v.to_string())),
        }
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        if matches!(self.peek(), Some('+') | Some('-')) {
            self.next();
        }
        loop {
            let c = self.next();
            if !matches!(c, Some(d) if d == '.' || d.is_ascii_digit()) {
                self.backup(c);
                break;
            }
        }
        let v = self.consume();
        if let Ok(i) = v.parse::<i64>() {
            cur.push(Node::Int(i));
        } else if let Ok(f) = v.parse::<f64>() {
            cur.push(Node::Float(f));
        } else {
            return Err(format!("cannot parse number {v}"));
        }
        Ok(())
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated quoted string".into()),
                Some('\\') => {
                    if matches!(self.next(), None | Some('\n')) {
                        break;
                    }
                }
                Some(c) if c == end => break,
                _ => {}
            }
        }
        let v = self.consume();
        let s = unquote(v).ok_or_else(|| format!("unquote string {v} error invalid syntax"))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                None | Some('\n') => return Err("unterminated array".into()),
                Some(']') => break,
                _ => {}
            }
        }
        let full = self.consume();
        let mut text = &full[1..full.len() - 1];
        if text == "*" {
            text = ":";
        }
        let parts: Vec<&str> = text.split(',').collect();
        if parts.len() > 1 {
            let mut union = Vec::new();
            for p in parts {
                union.push(parse_action(&format!("[{}]", p.trim_matches(' ')))?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }
        if let Some(key) =
            text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).filter(|k| !k.contains('\''))
        {
            cur.extend(parse_action(&format!(".{key}"))?);
            return Ok(());
        }
        let groups = slice_groups(text).ok_or_else(|| format!("invalid array index {text}"))?;
        let mut params = [Param::default(); 3];
        for k in 0..3 {
            let g = groups[k];
            if !g.is_empty() {
                let g = if k > 0 { &g[1..] } else { g };
                if k > 0 && g.is_empty() {
                    params[k].known = false;
                } else {
                    params[k].known = true;
                    params[k].value = g.parse().map_err(|_| format!("array index {g} is not a number"))?;
                }
            } else if k == 1 {
                params[1] = Param { value: params[0].value.saturating_add(1), known: true, derived: true };
            }
        }
        cur.push(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume();
        let (mut begin, mut end, mut pair) = (false, false, '"');
        loop {
            let c = self.next();
            match c {
                None | Some('\n') => return Err("unterminated filter".into()),
                Some(q @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = q;
                        continue;
                    }
                    let prev = self.input[..self.pos - 1].chars().last();
                    if prev != Some('\\') && q == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                _ => {}
            }
        }
        if self.next() != Some(']') {
            return Err("unclosed array expect ]".into());
        }
        let full = self.consume();
        let text = &full[..full.len() - 2];
        match split_filter(text) {
            None => cur.push(Node::Filter { left: parse_action(text)?, right: vec![], op: "exists".into() }),
            Some((l, op, r)) => {
                cur.push(Node::Filter { left: parse_action(l)?, right: parse_action(r)?, op: op.to_string() })
            }
        }
        Ok(())
    }
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$`.
fn split_filter(text: &str) -> Option<(&str, &str, &str)> {
    let is_op = |c: char| matches!(c, '!' | '<' | '>' | '=');
    let l_end = text.find(is_op)?;
    if l_end == 0 {
        return None;
    }
    let rest = &text[l_end..];
    let op_len = rest.find(|c: char| !is_op(c)).unwrap_or(rest.len());
    let right = &rest[op_len..];
    if right.is_empty() || right.contains('\n') {
        return None;
    }
    Some((&text[..l_end], &rest[..op_len], right))
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$` → the three groups (empty when absent).
fn slice_groups(text: &str) -> Option<[&str; 3]> {
    let mut groups = [""; 3];
    let mut rest = text;
    for (k, g) in groups.iter_mut().enumerate() {
        let body_start = usize::from(k > 0);
        if k > 0 && !rest.starts_with(':') {
            break;
        }
        let b = &rest[body_start..];
        let mut n = 0;
        if b.starts_with('-') {
            n = 1;
        }
        n += b[n..].bytes().take_while(u8::is_ascii_digit).count();
        *g = &rest[..body_start + n];
        rest = &rest[body_start + n..];
    }
    if rest.is_empty() {
        Some(groups)
    } else {
        None
    }
}

/// Parses `text` as the inside of one action (client-go `parseAction`).
fn parse_action(text: &str) -> Result<Vec<Node>, String> {
    let wrapped = format!("{{{text}}}");
    let mut p = Parser { input: &wrapped, pos: 0, start: 0 };
    let root = p.parse_root()?;
    match root.into_iter().next() {
        Some(Node::List(l)) => Ok(l),
        _ => Ok(vec![]),
    }
}

/// Go's `strconv.Unquote`, extended to single-quoted strings.
fn unquote(s: &str) -> Option<String> {
    let q = s.chars().next()?;
    let body = s.strip_prefix(q)?.strip_suffix(q)?;
    let mut out = String::new();
    let mut it = body.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'x' => {
                let h: String = it.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&h, 16).ok()?));
            }
            'u' => {
                let h: String = it.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A parsed template.
struct Template {
    root: Vec<Node>,
}

fn parse(template: &str) -> Result<Template, String> {
    let mut p = Parser { input: template, pos: 0, start: 0 };
    let root = p.parse_root().map_err(|e| format!("error parsing jsonpath {template}, {e}"))?;
    Ok(Template { root })
}

/// Playground limit: values a template may visit (nested `range ..` is exponential; a hung tab is
/// worse than an error).
const MAX_WORK: usize = 1_000_000;

struct Exec {
    /// Values visited so far (see [`MAX_WORK`]).
    work: usize,
    allow_missing: bool,
    begin_range: i32,
    in_range: i32,
    end_range: i32,
    last_end: Option<usize>,
}

fn cmp_values(l: &Value, r: &Value, op: &str) -> Result<bool, String> {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (l, r) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => a.as_f64().zip(b.as_f64()).and_then(|(x, y)| x.partial_cmp(&y)),
        },
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => {
            return match op {
                "==" => Ok(a == b),
                "!=" => Ok(a != b),
                _ => Err("invalid type for comparison".into()),
            }
        }
        _ => return Err("incompatible types for comparison".into()),
    };
    let o = ord.ok_or("incompatible types for comparison")?;
    Ok(match op {
        "<" => o == Ordering::Less,
        ">" => o == Ordering::Greater,
        "==" => o == Ordering::Equal,
        "!=" => o != Ordering::Equal,
        "<=" => o != Ordering::Greater,
        ">=" => o != Ordering::Less,
        _ => return Err(format!("unrecognized filter operator {op}")),
    })
}

impl Exec {
    fn find_results(&mut self, root: &[Node], start: usize, data: &Value) -> Result<Vec<Vec<Value>>, String> {
        let mut full = Vec::new();
        let cur = vec![data.clone()];
        let mut i = start;
        while i < root.len() {
            let results = self.walk(&cur, &root[i])?;
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end = Some(i);
                break;
            }
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    self.find_results(root, i + 1, &Value::Null)?;
                } else {
                    for v in &results {
                        full.extend(self.find_results(root, i + 1, v)?);
                    }
                }
                self.in_range -= 1;
                if let Some(k) = self.last_end.filter(|k| *k > i) {
                    i = k;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    fn walk(&mut self, input: &[Value], node: &Node) -> Result<Vec<Value>, String> {
        self.work = self.work.saturating_add(input.len() + 1);
        if self.work > MAX_WORK {
            return Err(format!("kubeplay limit: the template visits more than {MAX_WORK} values"));
        }
        match node {
            Node::List(l) => self.eval_list(input, l),
            Node::Text(t) => Ok(vec![Value::String(t.clone())]),
            Node::Int(n) => Ok(vec![Value::from(*n)]),
            Node::Float(f) => {
                Ok(vec![serde_json::Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null)])
            }
            Node::Bool(b) => Ok(vec![Value::Bool(*b)]),
            Node::Field(name) => {
                let mut out = Vec::new();
                for v in input {
                    if let Some(x) = v.as_object().and_then(|m| m.get(name)) {
                        out.push(x.clone());
                    }
                }
                if out.is_empty() && !input.is_empty() && !self.allow_missing {
                    return Err(format!("{name} is not found"));
                }
                Ok(out)
            }
            Node::Array(params) => eval_array(input, *params),
            Node::Filter { left, right, op } => self.eval_filter(input, left, right, op),
            Node::Wildcard => {
                let mut out = Vec::new();
                for v in input {
                    if let Some(m) = v.as_object() {
                        out.extend(m.values().cloned());
                    }
                }
                Ok(out)
            }
            Node::Recursive => {
                let mut out = Vec::new();
                for v in input {
                    recursive(v, &mut out);
                }
                Ok(out)
            }
            Node::Union(lists) => {
                let mut out = Vec::new();
                for l in lists {
                    out.extend(self.eval_list(input, l)?);
                }
                Ok(out)
            }
            Node::Ident(name) => match name.as_str() {
                "range" => {
                    self.begin_range += 1;
                    Ok(input.to_vec())
                }
                "end" => {
                    if self.in_range > 0 {
                        self.end_range += 1;
                        Ok(vec![])
                    } else {
                        Err("not in range, nothing to end".into())
                    }
                }
                other => Err(format!("unrecognized identifier {other}")),
            },
        }
    }

    fn eval_list(&mut self, input: &[Value], nodes: &[Node]) -> Result<Vec<Value>, String> {
        let mut cur = input.to_vec();
        for n in nodes {
            cur = self.walk(&cur, n)?;
        }
        Ok(cur)
    }

    fn eval_filter(
        &mut self,
        input: &[Value],
        left: &[Node],
        right: &[Node],
        op: &str,
    ) -> Result<Vec<Value>, String> {
        let mut out = Vec::new();
        for v in input {
            let Some(items) = v.as_array() else {
                return Err(format!(
                    "{} is not array or slice and cannot be filtered",
                    super::gofmt::go_v(v)
                ));
            };
            for item in items {
                let temp = [item.clone()];
                let lefts = self.eval_list(&temp, left);
                if op == "exists" {
                    if lefts.is_ok_and(|l| !l.is_empty()) {
                        out.push(item.clone());
                    }
                    continue;
                }
                let lefts = lefts?;
                let l = match lefts.as_slice() {
                    [] => continue,
                    [one] => one.clone(),
                    _ => return Err("can only compare one element at a time".into()),
                };
                let rights = self.eval_list(&temp, right)?;
                let r = match rights.as_slice() {
                    [] => continue,
                    [one] => one.clone(),
                    _ => return Err("can only compare one element at a time".into()),
                };
                if cmp_values(&l, &r, op)? {
                    out.push(item.clone());
                }
            }
        }
        Ok(out)
    }
}

fn recursive(v: &Value, out: &mut Vec<Value>) {
    let children: Vec<&Value> = match v {
        Value::Object(m) => m.values().collect(),
        Value::Array(a) => a.iter().collect(),
        Value::String(s) if !s.is_empty() => {
            out.push(v.clone());
            return;
        }
        _ => return,
    };
    if children.is_empty() {
        return;
    }
    out.push(v.clone());
    for c in children {
        recursive(c, out);
    }
}

fn eval_array(input: &[Value], node: [Param; 3]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for v in input {
        if v.is_null() {
            continue;
        }
        let Some(a) = v.as_array() else {
            let ty = match v {
                Value::Object(_) => "map[string]interface {}",
                Value::String(_) => "string",
                Value::Number(n) if n.is_f64() => "float64",
                Value::Number(_) => "int64",
                _ => "bool",
            };
            return Err(format!("{ty} is not array or slice"));
        };
        let len = a.len() as i64;
        let mut p = node;
        if !p[0].known {
            p[0].value = 0;
        }
        if p[0].value < 0 {
            p[0].value = p[0].value.saturating_add(len);
        }
        if !p[1].known {
            p[1].value = len;
        }
        if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
            p[1].value = p[1].value.saturating_add(len);
        }
        if p[1].value == p[0].value {
            return Ok(out);
        }
        if p[0].value >= len || p[0].value < 0 {
            return Err(format!("array index out of bounds: index {}, length {len}", p[0].value));
        }
        if p[1].value > len || p[1].value < 0 {
            return Err(format!(
                "array index out of bounds: index {}, length {len}",
                p[1].value.saturating_sub(1)
            ));
        }
        if p[0].value > p[1].value {
            return Err(format!("starting index {} is greater than ending index {}", p[0].value, p[1].value));
        }
        let step = if p[2].known {
            if p[2].value <= 0 {
                return Err("step must be > 0".into());
            }
            p[2].value as usize
        } else {
            1
        };
        out.extend(a[p[0].value as usize..p[1].value as usize].iter().step_by(step).cloned());
    }
    Ok(out)
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Object(_) | Value::Array(_) => go_json(v),
        Value::String(s) => s.clone(),
        Value::Number(n) => go_number(n),
        Value::Bool(b) => b.to_string(),
        Value::Null => "<nil>".into(),
    }
}

fn execute(template: &str, data: &Value, allow_missing: bool, as_json: bool) -> Result<String, String> {
    let t = parse(template)?;
    let mut ex = Exec { work: 0, allow_missing, begin_range: 0, in_range: 0, end_range: 0, last_end: None };
    let groups = ex.find_results(&t.root, 0, data).map_err(|e| {
        format!(
            "error executing jsonpath {}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n",
            super::gofmt::go_quote(template),
            go_sharp_v(data)
        )
    })?;
    let mut out = String::new();
    for g in groups {
        if as_json {
            out.push_str(&go_json_indent(&Value::Array(g)));
            out.push('\n');
            continue;
        }
        let n = g.len();
        for (k, v) in g.iter().enumerate() {
            out.push_str(&text_of(v));
            if k + 1 != n {
                out.push(' ');
            }
        }
    }
    Ok(out)
}

/// Executes a `-o jsonpath=` template on `data` (one object, or the `List` for list requests).
/// Errors are kubectl's text without the leading `error: `
/// (`error parsing jsonpath {.foo, unclosed action`, `error executing jsonpath "…": …`).
pub fn jsonpath(template: &str, data: &Value, allow_missing: bool) -> Result<String, String> {
    execute(template, data, allow_missing, false)
}

/// `-o jsonpath-as-json=`: each result group as an indented JSON array (trailing newline).
pub fn jsonpath_as_json(template: &str, data: &Value, allow_missing: bool) -> Result<String, String> {
    execute(template, data, allow_missing, true)
}

/// Every value a template's results hold, flattened (custom-columns uses this).
pub(crate) fn find_values(template: &str, data: &Value) -> Result<Option<Vec<Value>>, String> {
    let t = parse(template)?;
    let mut ex =
        Exec { work: 0, allow_missing: true, begin_range: 0, in_range: 0, end_range: 0, last_end: None };
    let groups = ex.find_results(&t.root, 0, data)?;
    if groups.first().is_none_or(|g| g.is_empty()) {
        return Ok(None);
    }
    Ok(Some(groups.into_iter().flatten().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The manifest the goldens were recorded with (`/tmp/kp/d.yaml`):
    /// `kubectl.1.33 label --local -f d.yaml app=web --overwrite -o 'jsonpath=…'`.
    fn deploy() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"labels": {"app": "web", "app.kubernetes.io/name": "web"}, "name": "web"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"image": "nginx:1.27", "name": "web"}, {"image": "busybox", "name": "side"}]}}},
            "status": {"conditions": [{"status": "True", "type": "Available"}, {"status": "False", "type": "Progressing"}]}})
    }

    fn jp(t: &str) -> String {
        jsonpath(t, &deploy(), true).unwrap()
    }

    #[test]
    fn fields_wildcards_filters() {
        // kubectl.1.33 label --local ... -o 'jsonpath={.metadata.name} {.spec.template.spec.containers[*].image} {.status.conditions[?(@.type=="Available")].status}'
        assert_eq!(
            jp(
                r#"{.metadata.name} {.spec.template.spec.containers[*].image} {.status.conditions[?(@.type=="Available")].status}"#
            ),
            "web nginx:1.27 busybox True"
        );
        assert_eq!(jp(r"{.metadata.labels.app\.kubernetes\.io/name}"), "web");
        assert_eq!(jp("{.spec.template.spec.containers[-1:].name}"), "side");
        assert_eq!(jp("{..image}"), "nginx:1.27 busybox");
        assert_eq!(jp("{.spec.selector}"), r#"{"matchLabels":{"app":"web"}}"#);
        assert_eq!(jp("{.spec.template.spec.containers[0]}"), r#"{"image":"nginx:1.27","name":"web"}"#);
        assert_eq!(jp("{.spec.replicas}"), "3");
        assert_eq!(jp("{@.kind}"), "Deployment");
        assert_eq!(jp("x{.kind}y"), "xDeploymenty");
        // allow-missing (kubectl's default): nothing printed, exit 0.
        assert_eq!(jp("{.spec.nope}"), "");
    }

    #[test]
    fn range_end() {
        // -o 'jsonpath={range .spec.template.spec.containers[*]}{.name}{"\n"}{end}'
        assert_eq!(jp(r#"{range .spec.template.spec.containers[*]}{.name}{"\n"}{end}"#), "web\nside\n");
        let list = json!({"items": [{"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}]});
        assert_eq!(
            jsonpath(r#"{range .items[*]}[{.metadata.name}]{end} done"#, &list, true).unwrap(),
            "[a][b] done"
        );
        assert_eq!(jsonpath("{.items[*].metadata.name}", &list, true).unwrap(), "a b");
    }

    #[test]
    fn as_json() {
        // -o 'jsonpath-as-json={.spec.template.spec.containers[*].name}'
        assert_eq!(
            jsonpath_as_json("{.spec.template.spec.containers[*].name}", &deploy(), true).unwrap(),
            "[\n    \"web\",\n    \"side\"\n]\n"
        );
    }

    #[test]
    fn errors() {
        // -o 'jsonpath={.foo' → error: error parsing jsonpath {.foo, unclosed action
        assert_eq!(
            jsonpath("{.foo", &deploy(), true).unwrap_err(),
            "error parsing jsonpath {.foo, unclosed action"
        );
        // --allow-missing-template-keys=false -o 'jsonpath={.spec.nope}'
        let e = jsonpath("{.spec.nope}", &deploy(), false).unwrap_err();
        assert_eq!(e, "error executing jsonpath \"{.spec.nope}\": Error executing template: nope is not found. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.spec.nope}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{\"apiVersion\":\"apps/v1\", \"kind\":\"Deployment\", \"metadata\":map[string]interface {}{\"labels\":map[string]interface {}{\"app\":\"web\", \"app.kubernetes.io/name\":\"web\"}, \"name\":\"web\"}, \"spec\":map[string]interface {}{\"replicas\":3, \"selector\":map[string]interface {}{\"matchLabels\":map[string]interface {}{\"app\":\"web\"}}, \"template\":map[string]interface {}{\"metadata\":map[string]interface {}{\"labels\":map[string]interface {}{\"app\":\"web\"}}, \"spec\":map[string]interface {}{\"containers\":[]interface {}{map[string]interface {}{\"image\":\"nginx:1.27\", \"name\":\"web\"}, map[string]interface {}{\"image\":\"busybox\", \"name\":\"side\"}}}}}, \"status\":map[string]interface {}{\"conditions\":[]interface {}{map[string]interface {}{\"status\":\"True\", \"type\":\"Available\"}, map[string]interface {}{\"status\":\"False\", \"type\":\"Progressing\"}}}}\n\n");
        let e = jsonpath("{.spec.template.spec.containers[5].name}", &deploy(), false).unwrap_err();
        assert!(
            e.contains("Error executing template: array index out of bounds: index 5, length 2. Printing"),
            "{e}"
        );
        // The same error even with allow-missing (kubectl's default), exit 1.
        let e = jsonpath("{.spec.template.spec.containers[5].name}", &deploy(), true).unwrap_err();
        assert!(e.contains("array index out of bounds: index 5, length 2."), "{e}");
        let e = jsonpath("{.metadata.name[0]}", &deploy(), true).unwrap_err();
        assert!(e.contains("Error executing template: string is not array or slice. Printing"), "{e}");
        let e = jsonpath("{end}", &deploy(), true).unwrap_err();
        assert!(e.contains("Error executing template: not in range, nothing to end. Printing"), "{e}");
        let e = jsonpath("{.a b}", &deploy(), true).unwrap_err();
        assert!(e.contains("Error executing template: unrecognized identifier b. Printing"), "{e}");
    }

    #[test]
    fn unions_dict_keys_exists_filters() {
        // kubectl.1.33 label --local -f d.yaml app=web --overwrite -o 'jsonpath=…' for each.
        assert_eq!(jp("{.spec.template.spec.containers[0,1].name}"), "web side");
        assert_eq!(jp("{.spec.template.spec.containers[*]['name']}"), "web side");
        assert_eq!(jp("{.spec.template.spec.containers[?(@.image)].name}"), "web side");
        assert_eq!(jp("{.spec.template.spec.containers[?(@.nope)].name}"), "");
        assert_eq!(
            jp(r#"{range .status.conditions[*]}{.type}={.status}{" "}{end}"#),
            "Available=True Progressing=False "
        );
        assert_eq!(jp("{.metadata.labels}"), r#"{"app":"web","app.kubernetes.io/name":"web"}"#);
        assert_eq!(jp("{.spec.replicas.x}"), "");
        assert_eq!(
            jp(r#"{.spec.template.spec.containers[?(@.name=="web")]}"#),
            r#"{"image":"nginx:1.27","name":"web"}"#
        );
    }
}
