//! A small POSIX-shell subset: enough for the commands people put in pod specs and type after
//! `kubectl exec` (`sh -c "echo hi; sleep 5"`, `while true; do …; done`, `&&`, `||`, pipes,
//! redirections, `$VAR`, `$(cmd)`). Commands that touch the outside world go to a [`Host`].

use std::collections::BTreeMap;

/// A piece of a word before expansion.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Lit(String),
    Var(String),
    Cmd(String),
}

type Word = Vec<Piece>;

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Simple { words: Vec<Word>, redirect: Option<(bool, Word)> },
    Pipe(Vec<Node>),
    While { until: bool, cond: Vec<Item>, body: Vec<Item> },
    For { var: String, items: Vec<Word>, body: Vec<Item> },
    If { cond: Vec<Item>, then: Vec<Item>, other: Vec<Item> },
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Conn {
    Seq,
    And,
    Or,
}

#[derive(Clone, Debug, PartialEq)]
struct Item {
    node: Node,
    /// How this item joins the previous one.
    conn: Conn,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(Word, bool),
    Op(&'static str),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut toks = Vec::new();
    let mut cur: Word = Vec::new();
    let mut lit = String::new();
    let mut in_word = false;
    let mut quoted = false;
    fn flush_lit(lit: &mut String, cur: &mut Word) {
        if !lit.is_empty() {
            cur.push(Piece::Lit(std::mem::take(lit)));
        }
    }
    let read_var = |i: &mut usize| -> Option<Piece> {
        // at '$'
        let j = *i + 1;
        if j < c.len() && c[j] == '{' {
            let end = c[j..].iter().position(|&x| x == '}')? + j;
            *i = end + 1;
            return Some(Piece::Var(c[j + 1..end].iter().collect()));
        }
        if j < c.len() && c[j] == '(' {
            let mut depth = 0;
            let mut k = j;
            while k < c.len() {
                if c[k] == '(' {
                    depth += 1;
                } else if c[k] == ')' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                k += 1;
            }
            if k >= c.len() {
                return None;
            }
            *i = k + 1;
            return Some(Piece::Cmd(c[j + 1..k].iter().collect()));
        }
        let mut k = j;
        if k < c.len() && (c[k] == '?' || c[k] == '$' || c[k].is_ascii_digit()) {
            *i = k + 1;
            return Some(Piece::Var(c[k].to_string()));
        }
        while k < c.len() && (c[k].is_ascii_alphanumeric() || c[k] == '_') {
            k += 1;
        }
        if k == j {
            return None;
        }
        *i = k;
        Some(Piece::Var(c[j..k].iter().collect()))
    };
    let end_word =
        |toks: &mut Vec<Tok>, cur: &mut Word, lit: &mut String, in_word: &mut bool, quoted: &mut bool| {
            flush_lit(lit, cur);
            if *in_word {
                toks.push(Tok::Word(std::mem::take(cur), *quoted));
            }
            *in_word = false;
            *quoted = false;
        };
    while i < c.len() {
        let ch = c[i];
        match ch {
            ' ' | '\t' => {
                end_word(&mut toks, &mut cur, &mut lit, &mut in_word, &mut quoted);
                i += 1;
            }
            '#' if !in_word => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '\n' | ';' | '&' | '|' | '>' | '<' => {
                end_word(&mut toks, &mut cur, &mut lit, &mut in_word, &mut quoted);
                let next = c.get(i + 1).copied();
                let op: &'static str = match (ch, next) {
                    ('&', Some('&')) => "&&",
                    ('|', Some('|')) => "||",
                    ('>', Some('>')) => ">>",
                    (';', Some(';')) => ";;",
                    ('\n', _) | (';', _) => ";",
                    ('&', _) => "&",
                    ('|', _) => "|",
                    ('>', _) => ">",
                    _ => "<",
                };
                i += if op.len() == 2 { 2 } else { 1 };
                // `2>&1`, `>/dev/null 2>&1`: drop fd duplications.
                if op == ">" && c.get(i) == Some(&'&') {
                    i += 1;
                    while i < c.len() && c[i].is_ascii_digit() {
                        i += 1;
                    }
                    continue;
                }
                if (op == ">" || op == ">>")
                    && matches!(toks.last(), Some(Tok::Word(w, false)) if w == &vec![Piece::Lit("2".into())])
                {
                    toks.pop();
                }
                toks.push(Tok::Op(op));
            }
            '\'' => {
                in_word = true;
                quoted = true;
                let end =
                    c[i + 1..].iter().position(|&x| x == '\'').ok_or("unterminated quoted string")? + i + 1;
                lit.extend(&c[i + 1..end]);
                i = end + 1;
            }
            '"' => {
                in_word = true;
                quoted = true;
                i += 1;
                loop {
                    if i >= c.len() {
                        return Err("unterminated quoted string".into());
                    }
                    match c[i] {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' if i + 1 < c.len() && matches!(c[i + 1], '"' | '\\' | '$' | '`') => {
                            lit.push(c[i + 1]);
                            i += 2;
                        }
                        '$' => match read_var(&mut i) {
                            Some(p) => {
                                flush_lit(&mut lit, &mut cur);
                                cur.push(p);
                            }
                            None => {
                                lit.push('$');
                                i += 1;
                            }
                        },
                        x => {
                            lit.push(x);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(&n) = c.get(i + 1) {
                    if n != '\n' {
                        lit.push(n);
                    }
                }
                i += 2;
            }
            '$' => {
                in_word = true;
                match read_var(&mut i) {
                    Some(p) => {
                        flush_lit(&mut lit, &mut cur);
                        cur.push(p);
                    }
                    None => {
                        lit.push('$');
                        i += 1;
                    }
                }
            }
            x => {
                in_word = true;
                lit.push(x);
                i += 1;
            }
        }
    }
    end_word(&mut toks, &mut cur, &mut lit, &mut in_word, &mut quoted);
    Ok(toks)
}

fn plain(t: &Tok) -> Option<String> {
    match t {
        Tok::Word(w, false) if w.len() == 1 => match &w[0] {
            Piece::Lit(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek_kw(&self) -> Option<String> {
        self.toks.get(self.pos).and_then(plain)
    }
    fn skip_seps(&mut self) {
        while matches!(self.toks.get(self.pos), Some(Tok::Op(";")) | Some(Tok::Op("&"))) {
            self.pos += 1;
        }
    }
    fn expect_kw(&mut self, kw: &str) -> Result<(), String> {
        self.skip_seps();
        if self.peek_kw().as_deref() == Some(kw) {
            self.pos += 1;
            Ok(())
        } else {
            Err(format!("syntax error: unexpected {}", self.describe()))
        }
    }
    fn describe(&self) -> String {
        match self.toks.get(self.pos) {
            None => "end of file".into(),
            Some(Tok::Op(o)) => format!("\"{o}\""),
            Some(t) => format!("\"{}\"", plain(t).unwrap_or_default()),
        }
    }
    /// A list of items until one of `stops` (a keyword) or the end.
    fn list(&mut self, stops: &[&str]) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        let mut conn = Conn::Seq;
        loop {
            self.skip_seps();
            match self.peek_kw() {
                Some(k) if stops.contains(&k.as_str()) => break,
                _ => {}
            }
            if self.pos >= self.toks.len() {
                break;
            }
            let node = self.pipeline()?;
            items.push(Item { node, conn });
            conn = match self.toks.get(self.pos) {
                Some(Tok::Op("&&")) => Conn::And,
                Some(Tok::Op("||")) => Conn::Or,
                _ => Conn::Seq,
            };
            if conn != Conn::Seq {
                self.pos += 1;
            }
        }
        Ok(items)
    }
    fn pipeline(&mut self) -> Result<Node, String> {
        let mut nodes = vec![self.command()?];
        while matches!(self.toks.get(self.pos), Some(Tok::Op("|"))) {
            self.pos += 1;
            nodes.push(self.command()?);
        }
        Ok(if nodes.len() == 1 { nodes.remove(0) } else { Node::Pipe(nodes) })
    }
    fn command(&mut self) -> Result<Node, String> {
        match self.peek_kw().as_deref() {
            Some(k @ ("while" | "until")) => {
                let until = k == "until";
                self.pos += 1;
                let cond = self.list(&["do"])?;
                self.expect_kw("do")?;
                let body = self.list(&["done"])?;
                self.expect_kw("done")?;
                Ok(Node::While { until, cond, body })
            }
            Some("for") => {
                self.pos += 1;
                let var =
                    self.peek_kw().ok_or_else(|| format!("syntax error: unexpected {}", self.describe()))?;
                self.pos += 1;
                let mut items = Vec::new();
                if self.peek_kw().as_deref() == Some("in") {
                    self.pos += 1;
                    while let Some(Tok::Word(w, _)) = self.toks.get(self.pos) {
                        items.push(w.clone());
                        self.pos += 1;
                    }
                }
                self.expect_kw("do")?;
                let body = self.list(&["done"])?;
                self.expect_kw("done")?;
                Ok(Node::For { var, items, body })
            }
            Some("if") => {
                self.pos += 1;
                let cond = self.list(&["then"])?;
                self.expect_kw("then")?;
                let then = self.list(&["else", "fi"])?;
                let mut other = Vec::new();
                self.skip_seps();
                if self.peek_kw().as_deref() == Some("else") {
                    self.pos += 1;
                    other = self.list(&["fi"])?;
                }
                self.expect_kw("fi")?;
                Ok(Node::If { cond, then, other })
            }
            Some(k @ ("do" | "done" | "then" | "fi" | "else")) => {
                Err(format!("syntax error: unexpected \"{k}\""))
            }
            _ => {
                let mut words = Vec::new();
                let mut redirect = None;
                loop {
                    match self.toks.get(self.pos) {
                        Some(Tok::Word(w, _)) => {
                            words.push(w.clone());
                            self.pos += 1;
                        }
                        Some(Tok::Op(o @ (">" | ">>"))) => {
                            let append = *o == ">>";
                            self.pos += 1;
                            match self.toks.get(self.pos) {
                                Some(Tok::Word(w, _)) => {
                                    redirect = Some((append, w.clone()));
                                    self.pos += 1;
                                }
                                _ => return Err(format!("syntax error: unexpected {}", self.describe())),
                            }
                        }
                        Some(Tok::Op("<")) => {
                            self.pos += 2;
                        }
                        _ => break,
                    }
                }
                if words.is_empty() && redirect.is_none() {
                    return Err(format!("syntax error: unexpected {}", self.describe()));
                }
                Ok(Node::Simple { words, redirect })
            }
        }
    }
}

/// A parsed script.
#[derive(Clone, Debug, PartialEq)]
pub struct Script(Vec<Item>);

pub fn parse(src: &str) -> Result<Script, String> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks, pos: 0 };
    let items = p.list(&[])?;
    if p.pos < p.toks.len() {
        return Err(format!("syntax error: unexpected {}", p.describe()));
    }
    Ok(Script(items))
}

/// The outside world of a shell: time, files, and non-builtin commands.
pub trait Host {
    /// Runs a command that is not a shell builtin; returns (stdout, stderr, exit code).
    fn run(&mut self, argv: &[String], stdin: &str, env: &BTreeMap<String, String>) -> (String, String, i32);
    fn sleep(&mut self, ms: i64);
    /// Output produced by the shell itself (stdout, stderr), in order.
    fn output(&mut self, out: &str, err: &str);
    fn write_file(&mut self, path: &str, content: &str, append: bool);
    /// Hard stop for runaway loops (plans stop at a horizon; exec after a few thousand steps).
    fn exhausted(&self) -> bool;
}

pub struct Shell<'h, H: Host> {
    pub host: &'h mut H,
    pub vars: BTreeMap<String, String>,
    pub name: String,
    status: i32,
    exited: Option<i32>,
    steps: u32,
}

/// Parses a duration argument of `sleep` (`5`, `0.5`, `1m`, `infinity`) into milliseconds.
pub fn sleep_ms(arg: &str) -> Option<i64> {
    if arg == "infinity" || arg == "inf" {
        return Some(i64::MAX / 4);
    }
    let (num, mult) = match arg.chars().last()? {
        's' => (&arg[..arg.len() - 1], 1000.0),
        'm' => (&arg[..arg.len() - 1], 60_000.0),
        'h' => (&arg[..arg.len() - 1], 3_600_000.0),
        'd' => (&arg[..arg.len() - 1], 86_400_000.0),
        _ => (arg, 1000.0),
    };
    let v: f64 = num.parse().ok()?;
    if !(0.0..1e12).contains(&v) {
        return None;
    }
    Some((v * mult) as i64)
}

impl<'h, H: Host> Shell<'h, H> {
    /// The text a filter reads: its file operands (read through the host, as `cat` would), or
    /// its standard input when it has none.
    fn filter_input(
        &mut self,
        util: &str,
        files: &[String],
        stdin: &str,
    ) -> Result<String, (String, String, i32)> {
        if files.is_empty() {
            return Ok(stdin.to_string());
        }
        let mut text = String::new();
        for f in files {
            if f == "-" {
                text.push_str(stdin);
                continue;
            }
            let (out, _, status) = self.host.run(&["cat".to_string(), f.clone()], "", &self.vars);
            if status != 0 {
                let code = if util == "grep" { 2 } else { 1 };
                return Err((String::new(), format!("{util}: {f}: No such file or directory\n"), code));
            }
            text.push_str(&out);
        }
        Ok(text)
    }

    /// `grep [-ivcnqE] PATTERN [FILE…]` with fixed-string patterns (`-E` alternatives with `|`).
    fn grep(&mut self, args: &[String], stdin: &str) -> (String, String, i32) {
        let flags: String = args
            .iter()
            .filter(|a| a.starts_with('-') && a.len() > 1)
            .flat_map(|a| a.chars().skip(1))
            .collect();
        let mut rest = args.iter().filter(|a| !(a.starts_with('-') && a.len() > 1));
        let Some(pattern) = rest.next().cloned() else {
            return (String::new(), "Usage: grep [OPTIONS] PATTERN [FILE]...\n".into(), 2);
        };
        let files: Vec<String> = rest.cloned().collect();
        let text = match self.filter_input("grep", &files, stdin) {
            Ok(t) => t,
            Err(e) => return e,
        };
        let fold = flags.contains('i');
        let alternatives: Vec<String> = if flags.contains('E') {
            pattern.split('|').map(|p| if fold { p.to_lowercase() } else { p.to_string() }).collect()
        } else {
            vec![if fold { pattern.to_lowercase() } else { pattern.clone() }]
        };
        let matches = |l: &str| {
            let l = if fold { l.to_lowercase() } else { l.to_string() };
            alternatives.iter().any(|p| l.contains(p.as_str())) != flags.contains('v')
        };
        let hits: Vec<(usize, &str)> = text.lines().enumerate().filter(|(_, l)| matches(l)).collect();
        let status = if hits.is_empty() { 1 } else { 0 };
        let out = if flags.contains('q') {
            String::new()
        } else if flags.contains('c') {
            format!("{}\n", hits.len())
        } else if flags.contains('n') {
            hits.iter().map(|(i, l)| format!("{}:{l}\n", i + 1)).collect()
        } else {
            hits.iter().map(|(_, l)| format!("{l}\n")).collect()
        };
        (out, String::new(), status)
    }

    pub fn new(host: &'h mut H, vars: BTreeMap<String, String>, name: &str) -> Self {
        Shell { host, vars, name: name.to_string(), status: 0, exited: None, steps: 0 }
    }

    /// Runs a script; returns its exit status.
    pub fn run_script(&mut self, script: &Script) -> i32 {
        self.list(&script.0);
        self.exited.unwrap_or(self.status)
    }

    fn expand(&mut self, w: &Word) -> String {
        let mut s = String::new();
        for p in w {
            match p {
                Piece::Lit(l) => s.push_str(l),
                Piece::Var(v) => match v.as_str() {
                    "?" => s.push_str(&self.status.to_string()),
                    "$" => s.push('1'),
                    "0" => s.push_str(&self.name),
                    _ => s.push_str(self.vars.get(v).map(String::as_str).unwrap_or("")),
                },
                Piece::Cmd(c) => {
                    if let Ok(script) = parse(c) {
                        let (out, _, _) = self.capture(&script.0);
                        s.push_str(out.trim_end_matches('\n'));
                    }
                }
            }
        }
        s
    }

    fn capture(&mut self, items: &[Item]) -> (String, String, i32) {
        let mut out = String::new();
        let mut status = 0;
        for it in items {
            if let Node::Simple { words, .. } = &it.node {
                let argv: Vec<String> = words.iter().map(|w| self.expand(w)).collect();
                let (o, _, st) = self.command(&argv, "");
                out.push_str(&o);
                status = st;
            }
        }
        (out, String::new(), status)
    }

    fn done(&self) -> bool {
        self.exited.is_some() || self.host.exhausted() || self.steps > 20_000
    }

    fn list(&mut self, items: &[Item]) {
        for it in items {
            if self.done() {
                return;
            }
            let run = match it.conn {
                Conn::Seq => true,
                Conn::And => self.status == 0,
                Conn::Or => self.status != 0,
            };
            if run {
                self.node(&it.node);
            }
        }
    }

    fn node(&mut self, n: &Node) {
        self.steps += 1;
        match n {
            Node::Simple { words, redirect } => {
                let mut argv: Vec<String> = words.iter().map(|w| self.expand(w)).collect();
                // Leading assignments.
                while argv.first().is_some_and(|a| is_assignment(a)) {
                    let a = argv.remove(0);
                    if let Some((k, v)) = a.split_once('=') {
                        self.vars.insert(k.to_string(), v.to_string());
                    }
                }
                if argv.is_empty() {
                    self.status = 0;
                    return;
                }
                let (out, err, st) = self.command(&argv, "");
                match redirect {
                    Some((append, target)) => {
                        let path = self.expand(target);
                        if path != "/dev/null" {
                            self.host.write_file(&path, &out, *append);
                        }
                        self.host.output("", &err);
                    }
                    None => self.host.output(&out, &err),
                }
                self.status = st;
            }
            Node::Pipe(nodes) => {
                let mut input = String::new();
                let mut st = 0;
                for (i, n) in nodes.iter().enumerate() {
                    let Node::Simple { words, .. } = n else { continue };
                    let argv: Vec<String> = words.iter().map(|w| self.expand(w)).collect();
                    let (o, e, s) = self.command(&argv, &input);
                    self.host.output("", &e);
                    input = o;
                    st = s;
                    if i == nodes.len() - 1 {
                        self.host.output(&input, "");
                    }
                }
                self.status = st;
            }
            Node::While { until, cond, body } => {
                let mut n = 0;
                loop {
                    if self.done() || n > 10_000 {
                        break;
                    }
                    n += 1;
                    self.list(cond);
                    if (self.status == 0) == *until {
                        break;
                    }
                    self.list(body);
                }
                self.status = 0;
            }
            Node::For { var, items, body } => {
                let vals: Vec<String> = items
                    .iter()
                    .flat_map(|w| self.expand(w).split_whitespace().map(String::from).collect::<Vec<_>>())
                    .collect();
                for v in vals {
                    if self.done() {
                        break;
                    }
                    self.vars.insert(var.clone(), v);
                    self.list(body);
                }
            }
            Node::If { cond, then, other } => {
                self.list(cond);
                if self.status == 0 {
                    self.list(then);
                } else {
                    self.list(other);
                }
            }
        }
    }

    /// Shell builtins and text utilities; everything else goes to the host.
    fn command(&mut self, argv: &[String], stdin: &str) -> (String, String, i32) {
        let args = &argv[1..];
        match argv[0].as_str() {
            "echo" => {
                let (nl, rest) = match args.first().map(String::as_str) {
                    Some("-n") => (false, &args[1..]),
                    Some("-e") => (true, &args[1..]),
                    _ => (true, args),
                };
                let mut s = rest.join(" ").replace("\\n", "\n");
                if nl {
                    s.push('\n');
                }
                (s, String::new(), 0)
            }
            "printf" => {
                let fmt = args.first().cloned().unwrap_or_default();
                let mut s = fmt.replace("\\n", "\n");
                for a in args.iter().skip(1) {
                    if let Some(i) = s.find("%s").or_else(|| s.find("%d")) {
                        s.replace_range(i..i + 2, a);
                    }
                }
                (s, String::new(), 0)
            }
            "true" | ":" | "cd" | "set" | "trap" | "ulimit" | "umask" => (String::new(), String::new(), 0),
            "false" => (String::new(), String::new(), 1),
            "exit" => {
                let code = args.first().and_then(|a| a.parse::<i32>().ok()).unwrap_or(self.status);
                self.exited = Some(code & 0xff);
                (String::new(), String::new(), code & 0xff)
            }
            "export" => {
                for a in args {
                    if let Some((k, v)) = a.split_once('=') {
                        self.vars.insert(k.to_string(), v.to_string());
                    }
                }
                (String::new(), String::new(), 0)
            }
            "sleep" => match args.first().and_then(|a| sleep_ms(a)) {
                Some(ms) => {
                    self.host.sleep(ms);
                    (String::new(), String::new(), 0)
                }
                None => (
                    String::new(),
                    format!("sleep: invalid number '{}'\n", args.first().cloned().unwrap_or_default()),
                    1,
                ),
            },
            "[" | "test" => {
                let a: Vec<&str> = args.iter().map(String::as_str).filter(|a| *a != "]").collect();
                let ok = match a.as_slice() {
                    [x, "=", y] | [x, "==", y] => x == y,
                    [x, "!=", y] => x != y,
                    ["-z", x] => x.is_empty(),
                    ["-n", x] => !x.is_empty(),
                    [x] => !x.is_empty(),
                    ["-f" | "-e" | "-d", p] => {
                        let (_, _, st) =
                            self.host.run(&["test".into(), "-e".into(), p.to_string()], "", &self.vars);
                        st == 0
                    }
                    _ => false,
                };
                (String::new(), String::new(), if ok { 0 } else { 1 })
            }
            "grep" => self.grep(args, stdin),
            "head" | "tail" => {
                let (n, files) = line_count_operand(args);
                let text = match self.filter_input(&argv[0], &files, stdin) {
                    Ok(t) => t,
                    Err(e) => return e,
                };
                let lines: Vec<&str> = text.lines().collect();
                let pick: Vec<&str> = if argv[0] == "head" {
                    lines.iter().take(n).copied().collect()
                } else {
                    lines.iter().skip(lines.len().saturating_sub(n)).copied().collect()
                };
                (pick.iter().map(|l| format!("{l}\n")).collect(), String::new(), 0)
            }
            "wc" => {
                let flags: String =
                    args.iter().filter(|a| a.starts_with('-')).flat_map(|a| a.chars().skip(1)).collect();
                let files = operands(args);
                let text = match self.filter_input("wc", &files, stdin) {
                    Ok(t) => t,
                    Err(e) => return e,
                };
                let counts =
                    [('l', text.lines().count()), ('w', text.split_whitespace().count()), ('c', text.len())];
                let picked: Vec<String> = counts
                    .iter()
                    .filter(|(f, _)| flags.is_empty() || flags.contains(*f))
                    .map(|(_, n)| if flags.len() == 1 { n.to_string() } else { format!("{n:>7}") })
                    .collect();
                let name = files.first().map(|f| format!(" {f}")).unwrap_or_default();
                (format!("{}{name}\n", picked.join(" ")), String::new(), 0)
            }
            "sort" => {
                let flags: String =
                    args.iter().filter(|a| a.starts_with('-')).flat_map(|a| a.chars().skip(1)).collect();
                let text = match self.filter_input("sort", &operands(args), stdin) {
                    Ok(t) => t,
                    Err(e) => return e,
                };
                let mut lines: Vec<&str> = text.lines().collect();
                if flags.contains('n') {
                    let num = |l: &str| {
                        l.trim()
                            .split(|c: char| !c.is_ascii_digit() && c != '-')
                            .next()
                            .and_then(|n| n.parse::<i64>().ok())
                            .unwrap_or(0)
                    };
                    lines.sort_by(|a, b| num(a).cmp(&num(b)).then(a.cmp(b)));
                } else {
                    lines.sort_unstable();
                }
                if flags.contains('r') {
                    lines.reverse();
                }
                if flags.contains('u') {
                    lines.dedup();
                }
                (lines.iter().map(|l| format!("{l}\n")).collect(), String::new(), 0)
            }
            "uniq" => {
                let count = args.iter().any(|a| a == "-c");
                let text = match self.filter_input("uniq", &operands(args), stdin) {
                    Ok(t) => t,
                    Err(e) => return e,
                };
                let mut runs: Vec<(usize, &str)> = Vec::new();
                for l in text.lines() {
                    match runs.last_mut() {
                        Some((n, last)) if *last == l => *n += 1,
                        _ => runs.push((1, l)),
                    }
                }
                let out = runs
                    .iter()
                    .map(|(n, l)| if count { format!("{n:>7} {l}\n") } else { format!("{l}\n") })
                    .collect();
                (out, String::new(), 0)
            }
            "cat" if args.is_empty() => (stdin.to_string(), String::new(), 0),
            _ => {
                let vars = self.vars.clone();
                self.host.run(argv, stdin, &vars)
            }
        }
    }
}

/// A filter's file operands (its non-option arguments).
fn operands(args: &[String]) -> Vec<String> {
    args.iter().filter(|a| !a.starts_with('-') || *a == "-").cloned().collect()
}

/// `head`/`tail`'s line count (`-n 5`, `-n5`, `-5`; 10 by default) and file operands.
fn line_count_operand(args: &[String]) -> (usize, Vec<String>) {
    let mut n = 10;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-n" {
            n = args.get(i + 1).and_then(|v| v.trim_start_matches('+').parse().ok()).unwrap_or(n);
            i += 1;
        } else if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix('-')) {
            n = v.parse().unwrap_or(n);
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    (n, files)
}

fn is_assignment(a: &str) -> bool {
    match a.split_once('=') {
        Some((k, _)) => {
            !k.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !k.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[derive(Default)]
    struct Rec {
        t: i64,
        lines: Vec<(i64, String)>,
        files: BTreeMap<String, String>,
    }
    impl Host for Rec {
        fn run(
            &mut self,
            argv: &[String],
            _stdin: &str,
            _env: &BTreeMap<String, String>,
        ) -> (String, String, i32) {
            (String::new(), format!("sh: {}: not found\n", argv[0]), 127)
        }
        fn sleep(&mut self, ms: i64) {
            self.t += ms;
        }
        fn output(&mut self, out: &str, err: &str) {
            for l in out.lines().chain(err.lines()) {
                self.lines.push((self.t, l.to_string()));
            }
        }
        fn write_file(&mut self, path: &str, content: &str, _append: bool) {
            self.files.insert(path.into(), content.into());
        }
        fn exhausted(&self) -> bool {
            self.t > 60_000
        }
    }

    fn run(src: &str) -> (Rec, i32) {
        let mut h = Rec::default();
        let mut vars = BTreeMap::new();
        vars.insert("NAME".to_string(), "web".to_string());
        let st = Shell::new(&mut h, vars, "sh").run_script(&parse(src).unwrap());
        (h, st)
    }

    #[test]
    fn sequences_and_conditionals() {
        let (h, st) = run("echo hello $NAME; sleep 2 && echo \"done ${NAME}\" || echo no; exit 3");
        assert_eq!(h.lines, vec![(0, "hello web".to_string()), (2000, "done web".to_string())]);
        assert_eq!(st, 3);
        let (h, st) = run("foo && echo yes");
        assert_eq!(h.lines, vec![(0, "sh: foo: not found".to_string())]);
        assert_eq!(st, 127);
    }

    #[test]
    fn loops_stop_at_the_horizon() {
        let (h, _) = run("while true; do echo tick; sleep 10; done");
        assert_eq!(h.lines.len(), 7);
        assert_eq!(h.lines[1], (10_000, "tick".to_string()));
        let (h, _) = run("for i in 1 2 3; do echo $i; done");
        assert_eq!(h.lines.iter().map(|l| l.1.as_str()).collect::<Vec<_>>(), vec!["1", "2", "3"]);
    }

    #[test]
    fn redirections_write_files() {
        let (h, _) = run("touch /tmp/x; echo ok > /tmp/healthy; sleep 30; echo gone 2>&1");
        assert_eq!(h.files.get("/tmp/healthy").map(String::as_str), Some("ok\n"));
        assert_eq!(sleep_ms("1m"), Some(60_000));
        assert_eq!(sleep_ms("0.5"), Some(500));
    }
}
