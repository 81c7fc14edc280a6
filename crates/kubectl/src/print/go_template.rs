//! The subset of Go's text/template that `-o go-template=` needs: fields and chains, variables,
//! `range` (with `$k, $v :=`), `if`/`else if`/`else`, `with`, pipes, `{{- -}}` trimming,
//! comments, and the functions `len index printf print println eq ne lt le gt ge and or not
//! base64decode`. Missing keys print `<no value>`, or fail with text/template's message.

use serde_json::Value;

use super::gofmt::{go_number, go_quote, go_v};

#[derive(Clone, Debug, PartialEq)]
enum Arg {
    /// `.a.b` (empty = `.`), with the byte offset text/template reports.
    Field(Vec<String>, usize),
    /// `$x.a.b` (`$` alone is the root).
    Var(String, Vec<String>),
    Str(String),
    Int(i64),
    Bool(bool),
    Nil,
    Func(String),
    /// `( pipeline )`, optionally followed by a field chain: `(index .items 0).metadata.name`.
    Sub(Pipe, Vec<String>),
}

/// One command of a pipeline, with its source offset and text for error messages.
#[derive(Clone, Debug, PartialEq)]
struct Cmd {
    args: Vec<Arg>,
    pos: usize,
    text: String,
}

#[derive(Clone, Debug, PartialEq, Default)]
struct Pipe {
    decl: Vec<String>,
    cmds: Vec<Cmd>,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Action(Pipe),
    If(Pipe, Vec<Node>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
}

const FUNCS: [&str; 16] = [
    "len",
    "index",
    "printf",
    "print",
    "println",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "and",
    "or",
    "not",
    "base64decode",
    "exists",
];

/// One `{{ … }}` after lexing: its words and the byte offset of its body.
struct Action {
    body: String,
    pos: usize,
}

enum Piece {
    Text(String),
    Action(Action),
}

fn perr(msg: &str) -> String {
    format!("template: output:1: {msg}")
}

/// Splits the template into text and actions, applying `{{-`/`-}}` trimming and dropping comments.
fn split(src: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(off) = src[rest..].find("{{") {
        let start = rest + off;
        let mut text = src[rest..start].to_string();
        let mut body_start = start + 2;
        if src[body_start..].starts_with("- ")
            || src[body_start..].starts_with("-\t")
            || src[body_start..].starts_with("-\n")
        {
            text = text.trim_end().to_string();
            body_start += 1;
        }
        if !text.is_empty() {
            out.push(Piece::Text(text));
        }
        // Find the closing braces outside string literals.
        let bytes = src.as_bytes();
        let mut i = body_start;
        let mut quote: Option<u8> = None;
        let end = loop {
            if i >= bytes.len() {
                return Err(perr("unclosed action"));
            }
            match (quote, bytes[i]) {
                (Some(b'"'), b'\\') => i += 1,
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'"') | (None, b'`') => quote = Some(bytes[i]),
                (None, b'}') if bytes.get(i + 1) == Some(&b'}') => break i,
                (None, b'\n') if !src[body_start..i].trim_start().starts_with("/*") => {
                    return Err(perr("unclosed action"))
                }
                _ => {}
            }
            i += 1;
        };
        let mut body_end = end;
        let mut after = end + 2;
        if end > body_start && src[..end].ends_with(" -") {
            body_end = end - 1;
            let trimmed = src[after..].trim_start();
            after = src.len() - trimmed.len();
        }
        let body = src[body_start..body_end].to_string();
        if !body.trim().starts_with("/*") {
            out.push(Piece::Action(Action { body, pos: body_start }));
        }
        rest = after;
    }
    if rest < src.len() {
        out.push(Piece::Text(src[rest..].to_string()));
    }
    Ok(out)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Field(Vec<String>, usize),
    /// A field chain right after `)`.
    Chain(Vec<String>),
    Var(String, Vec<String>),
    Str(String),
    Int(i64),
    Ident(String),
    Pipe,
    Open,
    Close,
    Declare,
    Comma,
}

/// Tokens with their absolute (start, end) byte spans in the template.
fn lex(a: &Action) -> Result<(Vec<Tok>, Vec<(usize, usize)>), String> {
    let b = a.body.as_bytes();
    let mut toks = Vec::new();
    let mut spans = Vec::new();
    let mut i = 0;
    let chain = |i: &mut usize| -> Vec<String> {
        let mut segs = Vec::new();
        while *i < b.len() && b[*i] == b'.' {
            let s = *i + 1;
            let mut e = s;
            while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                e += 1;
            }
            if e == s {
                *i = e;
                break;
            }
            segs.push(a.body[s..e].to_string());
            *i = e;
        }
        segs
    };
    while i < b.len() {
        let c = b[i];
        let tstart = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'|' => {
                toks.push(Tok::Pipe);
                i += 1;
            }
            b'(' => {
                toks.push(Tok::Open);
                i += 1;
            }
            b')' => {
                toks.push(Tok::Close);
                i += 1;
            }
            b',' => {
                toks.push(Tok::Comma);
                i += 1;
            }
            b':' if b.get(i + 1) == Some(&b'=') => {
                toks.push(Tok::Declare);
                i += 2;
            }
            b'=' => {
                toks.push(Tok::Declare);
                i += 1;
            }
            b'.' if i > 0 && b[i - 1] == b')' => {
                let segs = chain(&mut i);
                toks.push(Tok::Chain(segs));
            }
            b'.' => {
                let start = i;
                let segs = chain(&mut i);
                // text/template reports a chain at its second field.
                let mut pos = a.pos + start;
                if segs.len() > 1 {
                    pos += 1 + segs[0].len();
                }
                toks.push(Tok::Field(segs, pos));
            }
            b'$' => {
                let s = i + 1;
                let mut e = s;
                while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
                    e += 1;
                }
                let name = a.body[s..e].to_string();
                i = e;
                let segs = chain(&mut i);
                toks.push(Tok::Var(name, segs));
            }
            b'"' => {
                let s = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                let lit = a.body.get(s..i.min(b.len())).unwrap_or("");
                toks.push(Tok::Str(unquote(lit).ok_or_else(|| perr("unterminated quoted string"))?));
            }
            b'`' => {
                let s = i + 1;
                let e = a.body[s..]
                    .find('`')
                    .map(|x| s + x)
                    .ok_or_else(|| perr("unterminated raw quoted string"))?;
                toks.push(Tok::Str(a.body[s..e].to_string()));
                i = e + 1;
            }
            c if c.is_ascii_digit() || c == b'-' => {
                let s = i;
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let n = a.body[s..i]
                    .parse::<i64>()
                    .map_err(|_| perr(&format!("bad number syntax: {:?}", &a.body[s..i])))?;
                toks.push(Tok::Int(n));
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let s = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                toks.push(Tok::Ident(a.body[s..i].to_string()));
            }
            _ => return Err(perr(&format!("unexpected {:?} in command", c as char))),
        }
        while spans.len() < toks.len() {
            spans.push((a.pos + tstart, a.pos + i));
        }
    }
    Ok((toks, spans))
}

fn unquote(lit: &str) -> Option<String> {
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
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
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            _ => return None,
        }
    }
    Some(out)
}

fn parse_pipe(
    toks: &[Tok],
    spans: &[(usize, usize)],
    allow_decl: bool,
    ctx: &str,
    src: &str,
) -> Result<Pipe, String> {
    let mut pipe = Pipe::default();
    let mut start = 0;
    if allow_decl {
        if let Some(k) = toks.iter().position(|t| *t == Tok::Declare) {
            for t in &toks[..k] {
                match t {
                    Tok::Var(n, segs) if segs.is_empty() => pipe.decl.push(n.clone()),
                    Tok::Comma => {}
                    _ => return Err(perr("unexpected declaration")),
                }
            }
            start = k + 1;
        }
    }
    let (rest, rspans) = (&toks[start..], &spans[start..]);
    let mut cmd: Vec<Arg> = Vec::new();
    let mut cmd_start: Option<usize> = None;
    let mut cmd_end = 0;
    let finish = |cmd: &mut Vec<Arg>, cs: &mut Option<usize>, ce: usize, pipe: &mut Pipe| {
        let pos = cs.take().unwrap_or(0);
        let text = src.get(pos..ce).unwrap_or("").trim().to_string();
        pipe.cmds.push(Cmd { args: std::mem::take(cmd), pos, text });
    };
    let mut i = 0;
    while i < rest.len() {
        let (sp, ep) = rspans.get(i).copied().unwrap_or((0, 0));
        if !matches!(rest[i], Tok::Pipe) && cmd_start.is_none() {
            cmd_start = Some(sp);
        }
        match &rest[i] {
            Tok::Pipe => {
                if cmd.is_empty() {
                    return Err(perr("missing value for command"));
                }
                finish(&mut cmd, &mut cmd_start, cmd_end, &mut pipe);
                i += 1;
                continue;
            }
            Tok::Open => {
                let mut depth = 1;
                let mut j = i + 1;
                while j < rest.len() && depth > 0 {
                    match rest[j] {
                        Tok::Open => depth += 1,
                        Tok::Close => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if depth != 0 {
                    return Err(perr("unclosed left paren"));
                }
                let inner = parse_pipe(
                    &rest[i + 1..j - 1],
                    &rspans[i + 1..j - 1],
                    false,
                    "parenthesized pipeline",
                    src,
                )?;
                cmd_end = rspans.get(j - 1).map_or(ep, |s| s.1);
                let mut chain = Vec::new();
                if let Some(Tok::Chain(c)) = rest.get(j) {
                    chain = c.clone();
                    cmd_end = rspans.get(j).map_or(cmd_end, |s| s.1);
                    i = j + 1;
                } else {
                    i = j;
                }
                cmd.push(Arg::Sub(inner, chain));
                continue;
            }
            Tok::Close => return Err(perr("unexpected right paren")),
            Tok::Chain(_) => return Err(perr("unexpected field chain")),
            Tok::Field(f, pos) => cmd.push(Arg::Field(f.clone(), *pos)),
            Tok::Var(n, f) => cmd.push(Arg::Var(n.clone(), f.clone())),
            Tok::Str(s) => cmd.push(Arg::Str(s.clone())),
            Tok::Int(n) => cmd.push(Arg::Int(*n)),
            Tok::Ident(id) => match id.as_str() {
                "true" => cmd.push(Arg::Bool(true)),
                "false" => cmd.push(Arg::Bool(false)),
                "nil" => cmd.push(Arg::Nil),
                f if FUNCS.contains(&f) => cmd.push(Arg::Func(f.to_string())),
                f => return Err(perr(&format!("function {f:?} not defined"))),
            },
            Tok::Declare | Tok::Comma => return Err(perr("unexpected token in command")),
        }
        cmd_end = ep;
        i += 1;
    }
    if cmd.is_empty() {
        return Err(perr(&format!("missing value for {ctx}")));
    }
    finish(&mut cmd, &mut cmd_start, cmd_end, &mut pipe);
    Ok(pipe)
}

enum Stop {
    End,
    Else(Option<Pipe>),
    Eof,
}

fn parse_list(pieces: &[Piece], i: &mut usize, src: &str) -> Result<(Vec<Node>, Stop), String> {
    let mut nodes = Vec::new();
    while *i < pieces.len() {
        let p = &pieces[*i];
        *i += 1;
        let a = match p {
            Piece::Text(t) => {
                nodes.push(Node::Text(t.clone()));
                continue;
            }
            Piece::Action(a) => a,
        };
        let (toks, spans) = lex(a)?;
        let kw = match toks.first() {
            Some(Tok::Ident(k)) if ["if", "range", "with", "else", "end"].contains(&k.as_str()) => k.clone(),
            _ => {
                nodes.push(Node::Action(parse_pipe(&toks, &spans, true, "command", src)?));
                continue;
            }
        };
        match kw.as_str() {
            "end" => return Ok((nodes, Stop::End)),
            "else" => {
                if let Some(Tok::Ident(k)) = toks.get(1) {
                    if k == "if" {
                        return Ok((
                            nodes,
                            Stop::Else(Some(parse_pipe(&toks[2..], &spans[2..], true, "if", src)?)),
                        ));
                    }
                }
                return Ok((nodes, Stop::Else(None)));
            }
            kw => {
                let pipe = parse_pipe(&toks[1..], &spans[1..], true, kw, src)?;
                let node = parse_branch(kw, pipe, pieces, i, src)?;
                nodes.push(node);
            }
        }
    }
    Ok((nodes, Stop::Eof))
}

fn parse_branch(kw: &str, pipe: Pipe, pieces: &[Piece], i: &mut usize, src: &str) -> Result<Node, String> {
    let (body, stop) = parse_list(pieces, i, src)?;
    let else_nodes = match stop {
        Stop::Eof => return Err(perr("unexpected EOF")),
        Stop::End => Vec::new(),
        Stop::Else(None) => match parse_list(pieces, i, src)? {
            (n, Stop::End) => n,
            _ => return Err(perr("expected end; found else")),
        },
        Stop::Else(Some(cond)) => vec![parse_branch("if", cond, pieces, i, src)?],
    };
    Ok(match kw {
        "if" => Node::If(pipe, body, else_nodes),
        "range" => Node::Range(pipe, body, else_nodes),
        _ => Node::With(pipe, body, else_nodes),
    })
}

/// A template value: a JSON value, or text/template's "no value" (a missing map key).
#[derive(Clone, Debug, PartialEq)]
enum V {
    Missing,
    J(Value),
}

fn truth(v: &V) -> bool {
    match v {
        V::Missing | V::J(Value::Null) => false,
        V::J(Value::Bool(b)) => *b,
        V::J(Value::Number(n)) => n.as_f64().unwrap_or(0.0) != 0.0,
        V::J(Value::String(s)) => !s.is_empty(),
        V::J(Value::Array(a)) => !a.is_empty(),
        V::J(Value::Object(m)) => !m.is_empty(),
    }
}

fn show(v: &V) -> String {
    match v {
        V::Missing => "<no value>".into(),
        V::J(Value::Null) => "<nil>".into(),
        V::J(j) => go_v(j),
    }
}

struct Exec<'a> {
    root: &'a Value,
    vars: Vec<(String, V)>,
    allow_missing: bool,
    src: &'a str,
    out: String,
}

fn go_type(v: &V) -> &'static str {
    match v {
        V::Missing | V::J(Value::Null) => "interface {}",
        V::J(Value::Bool(_)) => "bool",
        V::J(Value::Number(n)) if n.is_f64() => "float64",
        V::J(Value::Number(_)) => "int64",
        V::J(Value::String(_)) => "string",
        V::J(Value::Array(_)) => "[]interface {}",
        V::J(Value::Object(_)) => "map[string]interface {}",
    }
}

impl Exec<'_> {
    fn at(&self, pos: usize, node: &str, msg: &str) -> String {
        let before = &self.src[..pos.min(self.src.len())];
        let line = 1 + before.matches('\n').count();
        let col = pos - before.rfind('\n').map_or(0, |k| k + 1);
        format!("template: output:{line}:{col}: executing \"output\" at <{node}>: {msg}")
    }

    fn walk_fields(&self, mut v: V, segs: &[String], pos: usize, label: &str) -> Result<V, String> {
        for s in segs {
            v = match v {
                V::J(Value::Object(m)) => match m.get(s) {
                    Some(x) => V::J(x.clone()),
                    None if self.allow_missing => V::Missing,
                    None => {
                        return Err(self.at(pos, label, &format!("map has no entry for key {}", go_quote(s))))
                    }
                },
                V::Missing | V::J(Value::Null) => V::Missing,
                other => {
                    // The map's values are `interface {}`, whatever they hold.
                    let _ = other;
                    return Err(self.at(
                        pos,
                        label,
                        &format!("can't evaluate field {s} in type interface {{}}"),
                    ));
                }
            };
        }
        Ok(v)
    }

    fn arg(&mut self, a: &Arg, dot: &V) -> Result<V, String> {
        match a {
            Arg::Field(segs, pos) => {
                let label = format!(".{}", segs.join("."));
                self.walk_fields(dot.clone(), segs, *pos, &label)
            }
            Arg::Var(name, segs) => {
                let base = if name.is_empty() {
                    V::J(self.root.clone())
                } else {
                    self.vars
                        .iter()
                        .rev()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| perr(&format!("undefined variable: ${name}")))?
                };
                self.walk_fields(base, segs, 0, &format!("${name}"))
            }
            Arg::Str(s) => Ok(V::J(Value::String(s.clone()))),
            Arg::Int(n) => Ok(V::J(Value::from(*n))),
            Arg::Bool(b) => Ok(V::J(Value::Bool(*b))),
            Arg::Nil => Err(perr("nil is not a command")),
            Arg::Func(f) => self.call(f, &[], dot),
            Arg::Sub(p, chain) => {
                let v = self.pipe(p, dot)?;
                let label = format!("(...).{}", chain.join("."));
                self.walk_fields(v, chain, 0, &label)
            }
        }
    }

    fn pipe(&mut self, p: &Pipe, dot: &V) -> Result<V, String> {
        let mut last: Option<V> = None;
        for cmd in &p.cmds {
            let v = match cmd.args.first() {
                Some(Arg::Func(f)) => {
                    let mut args = Vec::new();
                    for a in &cmd.args[1..] {
                        args.push(self.arg(a, dot)?);
                    }
                    if let Some(l) = last.take() {
                        args.push(l);
                    }
                    self.call(f, &args, dot).map_err(|m| self.at(cmd.pos, &cmd.text, &m))?
                }
                Some(a) if cmd.args.len() == 1 && last.is_none() => self.arg(a, dot)?,
                _ => return Err(self.at(cmd.pos, &cmd.text, "can't give argument to non-function")),
            };
            last = Some(v);
        }
        let v = last.unwrap_or(V::Missing);
        for d in &p.decl {
            self.vars.push((d.clone(), v.clone()));
        }
        Ok(v)
    }

    fn call(&mut self, f: &str, args: &[V], _dot: &V) -> Result<V, String> {
        let err = |m: String| format!("error calling {f}: {m}");
        // A missing key reaches functions as a nil interface.
        let nil_args: Vec<V> =
            args.iter().map(|a| if *a == V::Missing { V::J(Value::Null) } else { a.clone() }).collect();
        let args: &[V] = if matches!(f, "print" | "println" | "printf") { &nil_args } else { args };
        let j = |v: Value| Ok(V::J(v));
        match f {
            "len" => match args.first() {
                Some(V::J(Value::Array(a))) => j(Value::from(a.len())),
                Some(V::J(Value::Object(m))) => j(Value::from(m.len())),
                Some(V::J(Value::String(s))) => j(Value::from(s.len())),
                Some(other) => Err(err(format!("len of type {}", go_type(other)))),
                None => Err("wrong number of args for len: want 1 got 0".into()),
            },
            "index" => {
                let mut cur = args.first().cloned().unwrap_or(V::Missing);
                for k in args.iter().skip(1) {
                    cur = match (&cur, k) {
                        (V::J(Value::Object(m)), V::J(Value::String(s))) => {
                            m.get(s).cloned().map(V::J).unwrap_or(V::Missing)
                        }
                        (V::J(Value::Array(a)), V::J(Value::Number(n))) => {
                            let i = n.as_i64().unwrap_or(-1);
                            match usize::try_from(i).ok().and_then(|i| a.get(i)) {
                                Some(x) => V::J(x.clone()),
                                None => return Err(err(format!("index out of range: {i}"))),
                            }
                        }
                        (V::Missing, _) | (V::J(Value::Null), _) => {
                            return Err(err("index of untyped nil".into()))
                        }
                        (c, _) => return Err(err(format!("can't index item of type {}", go_type(c)))),
                    };
                }
                Ok(cur)
            }
            "print" | "println" => {
                let mut s = String::new();
                for (i, a) in args.iter().enumerate() {
                    let is_str = |v: &V| matches!(v, V::J(Value::String(_)));
                    if i > 0 && (f == "println" || (!is_str(a) && !is_str(&args[i - 1]))) {
                        s.push(' ');
                    }
                    s.push_str(&show(a));
                }
                if f == "println" {
                    s.push('\n');
                }
                j(Value::String(s))
            }
            "printf" => {
                let fmt = match args.first() {
                    Some(V::J(Value::String(s))) => s.clone(),
                    _ => return Err(err("printf needs a format string".into())),
                };
                j(Value::String(sprintf(&fmt, &args[1..])))
            }
            "not" => j(Value::Bool(!args.first().is_some_and(truth))),
            "and" => Ok(args.iter().find(|a| !truth(a)).or(args.last()).cloned().unwrap_or(V::Missing)),
            "or" => Ok(args.iter().find(|a| truth(a)).or(args.last()).cloned().unwrap_or(V::Missing)),
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
                let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
                    return Err(err("missing argument for comparison".into()));
                };
                if f == "eq" {
                    for b in &args[1..] {
                        if compare(a, b).map_err(err)? == std::cmp::Ordering::Equal {
                            return j(Value::Bool(true));
                        }
                    }
                    return j(Value::Bool(false));
                }
                let o = compare(a, b).map_err(err)?;
                use std::cmp::Ordering::*;
                j(Value::Bool(match f {
                    "ne" => o != Equal,
                    "lt" => o == Less,
                    "le" => o != Greater,
                    "gt" => o == Greater,
                    _ => o != Less,
                }))
            }
            "base64decode" => match args.first() {
                Some(V::J(Value::String(s))) => match kubeplay_model::base64::decode(s) {
                    Some(b) => j(Value::String(String::from_utf8_lossy(&b).into_owned())),
                    // Go's CorruptInputError names the first byte that is not base64.
                    None => {
                        let at = s.bytes().position(|c| !(c.is_ascii_alphanumeric() || b"+/=".contains(&c)));
                        Err(err(format!("illegal base64 data at input byte {}", at.unwrap_or(0))))
                    }
                },
                _ => Err(err("base64decode needs a string".into())),
            },
            "exists" => {
                let mut cur = args.first().cloned().unwrap_or(V::Missing);
                for k in args.iter().skip(1) {
                    cur = match (&cur, k) {
                        (V::J(Value::Object(m)), V::J(Value::String(s))) => {
                            m.get(s).cloned().map(V::J).unwrap_or(V::Missing)
                        }
                        _ => V::Missing,
                    };
                }
                j(Value::Bool(cur != V::Missing))
            }
            other => Err(format!("function {other:?} not defined")),
        }
    }

    fn run(&mut self, nodes: &[Node], dot: &V) -> Result<(), String> {
        for n in nodes {
            match n {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(p) => {
                    let v = self.pipe(p, dot)?;
                    if p.decl.is_empty() {
                        self.out.push_str(&show(&v));
                    }
                }
                Node::If(p, body, else_) => {
                    let depth = self.vars.len();
                    let v = self.pipe(p, dot)?;
                    let r = if truth(&v) { self.run(body, dot) } else { self.run(else_, dot) };
                    self.vars.truncate(depth);
                    r?;
                }
                Node::With(p, body, else_) => {
                    let depth = self.vars.len();
                    let v = self.pipe(p, dot)?;
                    let r = if truth(&v) { self.run(body, &v) } else { self.run(else_, dot) };
                    self.vars.truncate(depth);
                    r?;
                }
                Node::Range(p, body, else_) => {
                    let depth = self.vars.len();
                    let decl = p.decl.clone();
                    let mut plain = p.clone();
                    plain.decl.clear();
                    let v = self.pipe(&plain, dot)?;
                    let items: Vec<(Value, V)> = match &v {
                        V::J(Value::Array(a)) => {
                            a.iter().enumerate().map(|(i, x)| (Value::from(i), V::J(x.clone()))).collect()
                        }
                        V::J(Value::Object(m)) => {
                            m.iter().map(|(k, x)| (Value::String(k.clone()), V::J(x.clone()))).collect()
                        }
                        V::Missing | V::J(Value::Null) => Vec::new(),
                        V::J(Value::Number(n)) => (0..n.as_i64().unwrap_or(0))
                            .map(|i| (Value::from(i), V::J(Value::from(i))))
                            .collect(),
                        other => {
                            return Err(format!(
                                "template: output:1: range can't iterate over {}",
                                show(other)
                            ))
                        }
                    };
                    if items.is_empty() {
                        self.run(else_, dot)?;
                    }
                    for (k, item) in items {
                        let inner = self.vars.len();
                        match decl.as_slice() {
                            [one] => self.vars.push((one.clone(), item.clone())),
                            [a, b] => {
                                self.vars.push((a.clone(), V::J(k)));
                                self.vars.push((b.clone(), item.clone()));
                            }
                            _ => {}
                        }
                        self.run(body, &item)?;
                        self.vars.truncate(inner);
                    }
                    self.vars.truncate(depth);
                }
            }
        }
        Ok(())
    }
}

fn compare(a: &V, b: &V) -> Result<std::cmp::Ordering, String> {
    match (a, b) {
        (V::J(Value::Number(x)), V::J(Value::Number(y))) => match (x.as_i64(), y.as_i64()) {
            (Some(p), Some(q)) => Ok(p.cmp(&q)),
            _ => x
                .as_f64()
                .zip(y.as_f64())
                .and_then(|(p, q)| p.partial_cmp(&q))
                .ok_or_else(|| "incompatible types for comparison".into()),
        },
        (V::J(Value::String(x)), V::J(Value::String(y))) => Ok(x.cmp(y)),
        (V::J(Value::Bool(x)), V::J(Value::Bool(y))) => Ok(x.cmp(y)),
        _ => Err("incompatible types for comparison".into()),
    }
}

/// Go's `fmt.Sprintf` for the verbs templates use: `%s %d %v %q %t %f %%`, with the `-` and `0`
/// flags, a width and a precision.
fn sprintf(fmt: &str, args: &[V]) -> String {
    let mut out = String::new();
    let mut it = fmt.chars().peekable();
    let mut n = 0;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (mut left, mut zero) = (false, false);
        while let Some(f) = it.peek().copied().filter(|f| matches!(f, '-' | '0' | '+' | ' ' | '#')) {
            left |= f == '-';
            zero |= f == '0';
            it.next();
        }
        let mut width = String::new();
        while let Some(d) = it.peek().copied().filter(char::is_ascii_digit) {
            width.push(d);
            it.next();
        }
        let mut prec: Option<usize> = None;
        if it.peek() == Some(&'.') {
            it.next();
            let mut p = String::new();
            while let Some(d) = it.peek().copied().filter(char::is_ascii_digit) {
                p.push(d);
                it.next();
            }
            prec = Some(p.parse().unwrap_or(0));
        }
        let Some(verb) = it.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(a) = args.get(n) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        n += 1;
        let bad = || match a {
            V::Missing | V::J(Value::Null) => format!("%!{verb}(<nil>)"),
            _ => format!("%!{verb}({}={})", go_type(a), show(a)),
        };
        let s = match (verb, a) {
            ('v', _) => show(a),
            ('s', V::J(Value::String(s))) => match prec {
                Some(p) => s.chars().take(p).collect(),
                None => s.clone(),
            },
            ('s', V::J(Value::Array(_) | Value::Object(_))) => show(a),
            ('q', V::J(Value::String(s))) => go_quote(s),
            ('d', V::J(Value::Number(x))) if x.as_i64().is_some() => go_number(x),
            ('t', V::J(Value::Bool(b))) => b.to_string(),
            ('f', V::J(Value::Number(x))) => format!("{:.*}", prec.unwrap_or(6), x.as_f64().unwrap_or(0.0)),
            _ => bad(),
        };
        let w: usize = width.parse().unwrap_or(0);
        let len = s.chars().count();
        if len >= w {
            out.push_str(&s);
        } else if left {
            out.push_str(&s);
            out.push_str(&" ".repeat(w - len));
        } else if zero && matches!(verb, 'd' | 'f') {
            let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
            out.push_str(sign);
            out.push_str(&"0".repeat(w - len));
            out.push_str(digits);
        } else {
            out.push_str(&" ".repeat(w - len));
            out.push_str(&s);
        }
    }
    if n < args.len() {
        let extra: Vec<String> = args[n..].iter().map(|a| format!("{}={}", go_type(a), show(a))).collect();
        out.push_str(&format!("%!(EXTRA {})", extra.join(", ")));
    }
    out
}

/// Executes a go-template on `data`. Errors are kubectl's text without `error: `
/// (`error parsing template {{…}}, template: output:1: …`, `error executing template "…": …`).
pub fn go_template(template: &str, data: &Value, allow_missing: bool) -> Result<String, String> {
    let parse = || -> Result<Vec<Node>, String> {
        let pieces = split(template)?;
        let mut i = 0;
        match parse_list(&pieces, &mut i, template)? {
            (nodes, Stop::Eof) => Ok(nodes),
            (_, Stop::End) => Err(perr("unexpected {{end}}")),
            (_, Stop::Else(_)) => Err(perr("unexpected {{else}}")),
        }
    };
    let nodes = parse().map_err(|e| format!("error parsing template {template}, {e}"))?;
    let mut ex = Exec { root: data, vars: Vec::new(), allow_missing, src: template, out: String::new() };
    ex.run(&nodes, &V::J(data.clone()))
        .map_err(|e| format!("error executing template {}: {e}", go_quote(template)))?;
    Ok(ex.out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// `/tmp/kp/d.yaml`; goldens from
    /// `kubectl.1.33 label --local -f d.yaml app=web --overwrite -o 'go-template=…'`.
    fn deploy() -> Value {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"labels": {"app": "web", "app.kubernetes.io/name": "web"}, "name": "web"},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"image": "nginx:1.27", "name": "web"}, {"image": "busybox", "name": "side"}]}}},
            "status": {"conditions": [{"status": "True", "type": "Available"}, {"status": "False", "type": "Progressing"}]}})
    }

    fn gt(t: &str) -> String {
        go_template(t, &deploy(), true).unwrap()
    }

    #[test]
    fn recorded_with_kubectl() {
        assert_eq!(
            gt(
                r#"{{.metadata.name}} {{index .metadata.labels "app"}} {{len .spec.template.spec.containers}}{{range .spec.template.spec.containers}} {{.name}}{{end}}{{"\n"}}"#
            ),
            "web web 2 web side\n"
        );
        assert_eq!(gt("{{.spec.nope}}"), "<no value>");
        assert_eq!(gt("{{.spec.nope.x}}"), "<no value>");
        assert_eq!(gt(r#"{{printf "%d %s %v|" .spec.replicas .metadata.name .spec.replicas}}"#), "3 web 3|");
        assert_eq!(
            gt("{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}"),
            "app=web;app.kubernetes.io/name=web;"
        );
        assert_eq!(
            gt(r#"{{if eq .kind "Deployment"}}yes{{else}}no{{end}} {{.spec.selector}} {{.spec.template.spec.containers}} {{index .spec.template.spec.containers 1 "name"}}"#),
            "yes map[matchLabels:map[app:web]] [map[image:nginx:1.27 name:web] map[image:busybox name:side]] side"
        );
        assert_eq!(
            gt(r#"{{- " a " -}} b {{/* c */}}{{len .metadata.labels}} {{.status.conditions}}"#),
            " a b 2 [map[status:True type:Available] map[status:False type:Progressing]]"
        );
        assert_eq!(
            gt(
                r#"{{range .spec.template.spec.containers}}{{.image}} {{else}}none{{end}}|{{range .nope}}x{{else}}empty{{end}}|{{with .spec}}{{.replicas}}{{end}}|{{.metadata.name | printf "%q"}}|{{not true}} {{and 1 0}} {{or 0 "x"}} {{eq 3 .spec.replicas}}"#
            ),
            "nginx:1.27 busybox |empty|3|\"web\"|false 0 x true"
        );
    }

    #[test]
    fn errors_recorded_with_kubectl() {
        assert_eq!(
            go_template("{{foo .x}}", &deploy(), true).unwrap_err(),
            "error parsing template {{foo .x}}, template: output:1: function \"foo\" not defined"
        );
        assert_eq!(
            go_template("{{.metadata.name", &deploy(), true).unwrap_err(),
            "error parsing template {{.metadata.name, template: output:1: unclosed action"
        );
        // --allow-missing-template-keys=false
        assert_eq!(
            go_template("{{.spec.nope}}", &deploy(), false).unwrap_err(),
            "error executing template \"{{.spec.nope}}\": template: output:1:7: executing \"output\" at <.spec.nope>: map has no entry for key \"nope\""
        );
        assert_eq!(
            go_template("{{ .spec.nope }}", &deploy(), false).unwrap_err(),
            "error executing template \"{{ .spec.nope }}\": template: output:1:8: executing \"output\" at <.spec.nope>: map has no entry for key \"nope\""
        );
        assert_eq!(
            go_template("ab{{.metadata.name}}\n{{.spec.template.nope}}", &deploy(), false).unwrap_err(),
            "error executing template \"ab{{.metadata.name}}\\n{{.spec.template.nope}}\": template: output:2:7: executing \"output\" at <.spec.template.nope>: map has no entry for key \"nope\""
        );
        assert_eq!(
            go_template("{{.metadata.name.x}}", &deploy(), false).unwrap_err(),
            "error executing template \"{{.metadata.name.x}}\": template: output:1:11: executing \"output\" at <.metadata.name.x>: can't evaluate field x in type interface {}"
        );
    }

    #[test]
    fn list_range_like_kubectl_get() {
        let list = json!({"items": [{"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}]});
        assert_eq!(
            go_template("{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}", &list, true).unwrap(),
            "a\nb\n"
        );
    }
}
