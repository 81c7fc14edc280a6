//! The image catalog: which references exist, how big they are, and what their processes do.
//!
//! Playground decisions (documented in the crate report):
//! - catalog images pull when the tag is one of the real tags we know, and fail with containerd's
//!   `not found` error otherwise;
//! - single-name images (`docker.io/library/<x>`) that are not in the catalog fail like Docker Hub
//!   does for a repository that does not exist (`pull access denied…`): this is what a typo such
//!   as `ngnix` gives;
//! - images with a user/organisation or a private registry (`myrepo/api:1.2.3`,
//!   `registry.example.com/team/app`) pull successfully and run a generic server, as if the
//!   cluster had the credentials; with `imagePullPolicy: Never` every non-catalog image counts as
//!   preloaded on the nodes (as `kind load docker-image` would do).

use kubeplay_model::rng::fnv1a32;

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// The registry host (`docker.io` when absent).
    pub domain: String,
    /// The repository path on that registry (`library/nginx`).
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// The fully qualified name containerd reports (`docker.io/library/nginx:1.27`).
    pub fn canonical(&self) -> String {
        let mut s = format!("{}/{}", self.domain, self.path);
        if let Some(d) = &self.digest {
            if let Some(t) = &self.tag {
                s.push(':');
                s.push_str(t);
            }
            s.push('@');
            s.push_str(d);
        } else {
            s.push(':');
            s.push_str(self.tag.as_deref().unwrap_or("latest"));
        }
        s
    }
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }
    /// The last path component (`nginx`).
    pub fn short(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
    /// `imageID`: `docker.io/library/nginx@sha256:<64 hex>`, stable per reference.
    pub fn image_id(&self) -> String {
        if let Some(d) = &self.digest {
            return format!("{}/{}@{}", self.domain, self.path, d);
        }
        format!("{}/{}@sha256:{}", self.domain, self.path, pseudo_hex(&self.canonical(), 64))
    }
}

/// Deterministic hex derived from a string (digests, image IDs).
pub fn pseudo_hex(seed: &str, n: usize) -> String {
    let mut out = String::new();
    let mut h = fnv1a32(seed.as_bytes());
    while out.len() < n {
        h = fnv1a32(&h.to_le_bytes()) ^ h.rotate_left(7);
        out.push_str(&format!("{h:08x}"));
    }
    out.truncate(n);
    out
}

fn is_path_component(s: &str) -> bool {
    // [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*
    if s.is_empty() {
        return false;
    }
    let b = s.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &s[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// Parses a reference as the docker reference library does. Errors are the library's texts.
pub fn parse(image: &str) -> Result<ImageRef, String> {
    let bad = || "invalid reference format".to_string();
    if image.is_empty() || image.len() > 255 {
        return Err(bad());
    }
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => {
            let hex = d.strip_prefix("sha256:").ok_or_else(bad)?;
            if hex.len() != 64 || !hex.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()) {
                return Err(bad());
            }
            (r, Some(d.to_string()))
        }
        None => (image, None),
    };
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].rfind(':') {
        Some(i) => (&rest[..last_slash + i], Some(rest[last_slash + i + 1..].to_string())),
        None => (rest, None),
    };
    if let Some(t) = &tag {
        let ok = !t.is_empty()
            && t.len() <= 128
            && t.bytes().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
            && t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-');
        if !ok {
            return Err(bad());
        }
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    let domain =
        if parts.len() > 1 && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost") {
            let d = parts.remove(0).to_string();
            if d.is_empty() {
                return Err(bad());
            }
            d
        } else {
            "docker.io".to_string()
        };
    if parts.iter().any(|p| p.chars().any(|c| c.is_ascii_uppercase())) {
        return Err("invalid reference format: repository name must be lowercase".into());
    }
    if parts.is_empty() || !parts.iter().all(|p| is_path_component(p)) {
        return Err(bad());
    }
    let mut path = parts.join("/");
    if domain == "docker.io" && parts.len() == 1 {
        path = format!("library/{path}");
    }
    Ok(ImageRef { domain, path, tag, digest })
}

/// What a catalog image runs by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Nginx,
    Httpd,
    Redis,
    Postgres,
    /// busybox, alpine, ubuntu, curl images: a shell; run the container's command.
    Shell,
    CoreDns,
    HttpEcho,
    Whoami,
    Httpbin,
    Stress,
    Pause,
    /// What a kind cluster runs in kube-system and local-path-storage: etcd, the control-plane
    /// components, kube-proxy, kindnetd, the local-path provisioner (their logs; no servers we
    /// model, as they listen on the node's network).
    KubeSystem,
    /// The python images: `python3` (a REPL, which exits at once without a terminal) and the
    /// Debian userland; only the standard library is installed.
    Python,
    /// An image we know nothing about: a small HTTP server on the declared container ports.
    Generic,
}

pub struct CatalogEntry {
    pub names: &'static [&'static str],
    pub kind: Kind,
    pub size: u64,
    /// Memory the process needs just to run, in MiB (below a limit like this → OOMKilled).
    pub baseline_mib: u64,
    pub env: &'static [(&'static str, &'static str)],
    pub tag_ok: fn(&str) -> bool,
}

const STD_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

fn version_in(tag: &str, major: u32, minors: std::ops::RangeInclusive<u32>, max_patch: u32) -> bool {
    let mut it = tag.split('.');
    let ok_num = |s: Option<&str>| s.and_then(|x| x.parse::<u32>().ok());
    match (ok_num(it.next()), it.next(), it.next(), it.next()) {
        (Some(m), None, None, None) => m == major,
        (Some(m), Some(mi), None, None) => m == major && mi.parse::<u32>().is_ok_and(|x| minors.contains(&x)),
        (Some(m), Some(mi), Some(p), None) => {
            m == major
                && mi.parse::<u32>().is_ok_and(|x| minors.contains(&x))
                && p.parse::<u32>().is_ok_and(|x| x <= max_patch)
        }
        _ => false,
    }
}

fn strip_variant<'a>(tag: &'a str, variants: &[&str]) -> &'a str {
    for v in variants {
        if let Some(base) = tag.strip_suffix(v) {
            return base;
        }
    }
    tag
}

/// Official images pin their Alpine flavour too (`1.27-alpine3.21`, `3.12-slim-alpine3.20` does
/// not exist but `3.12-alpine3.20` does): `-alpine3.NN` reads as `-alpine`.
fn alpine_pinned(tag: &str) -> std::borrow::Cow<'_, str> {
    if let Some(i) = tag.find("-alpine3.") {
        let minor = &tag[i + "-alpine3.".len()..];
        if !minor.is_empty() && minor.len() <= 2 && minor.bytes().all(|b| b.is_ascii_digit()) {
            return format!("{}-alpine", &tag[..i]).into();
        }
    }
    if let Some(minor) = tag.strip_prefix("alpine3.") {
        if !minor.is_empty() && minor.len() <= 2 && minor.bytes().all(|b| b.is_ascii_digit()) {
            return "alpine".into();
        }
    }
    tag.into()
}

fn nginx_tag(tag: &str) -> bool {
    let tag = &*alpine_pinned(tag);
    let base =
        strip_variant(tag, &["-alpine-slim", "-alpine-perl", "-alpine", "-bookworm", "-perl", "-otel"]);
    matches!(base, "latest" | "stable" | "mainline" | "alpine" | "alpine-slim" | "perl" | "bookworm")
        || (base != tag && matches!(base, "stable" | "mainline"))
        || version_in(base, 1, 7..=29, 12)
}
fn httpd_tag(tag: &str) -> bool {
    let tag = &*alpine_pinned(tag);
    let base = strip_variant(tag, &["-alpine", "-bookworm"]);
    matches!(base, "latest" | "alpine" | "bookworm") || version_in(base, 2, 2..=4, 63)
}
fn redis_tag(tag: &str) -> bool {
    let tag = &*alpine_pinned(tag);
    let base = strip_variant(tag, &["-alpine", "-bookworm"]);
    matches!(base, "latest" | "alpine" | "bookworm") || (5..=8).any(|m| version_in(base, m, 0..=4, 20))
}
fn postgres_tag(tag: &str) -> bool {
    let tag = &*alpine_pinned(tag);
    let base = strip_variant(tag, &["-alpine", "-bookworm", "-bullseye"]);
    matches!(base, "latest" | "alpine" | "bookworm")
        || (9..=17).any(|m| version_in(base, m, 0..=22, 0) || version_in(base, m, 0..=22, 30))
}
fn busybox_tag(tag: &str) -> bool {
    let base = strip_variant(tag, &["-musl", "-glibc", "-uclibc"]);
    matches!(base, "latest" | "stable" | "musl" | "glibc" | "uclibc") || version_in(base, 1, 24..=37, 3)
}
fn alpine_tag(tag: &str) -> bool {
    matches!(tag, "latest" | "edge") || version_in(tag, 3, 10..=22, 9)
}
fn ubuntu_tag(tag: &str) -> bool {
    matches!(
        tag,
        "latest"
            | "rolling"
            | "focal"
            | "jammy"
            | "noble"
            | "oracular"
            | "plucky"
            | "20.04"
            | "22.04"
            | "24.04"
            | "24.10"
            | "25.04"
    )
}
/// python: versions 2.7 and 3.x (`3`, `3.12`, `3.12.9`), each also `-slim`, `-alpine`,
/// `-bookworm`, `-bullseye` and `-slim-bookworm`/`-slim-bullseye`; the variants alone too.
fn python_tag(tag: &str) -> bool {
    let tag = &*alpine_pinned(tag);
    let base = strip_variant(
        tag,
        &[
            "-slim-bookworm",
            "-slim-bullseye",
            "-slim-trixie",
            "-slim",
            "-alpine",
            "-bookworm",
            "-bullseye",
            "-trixie",
        ],
    );
    let variant_alone = matches!(
        tag,
        "slim"
            | "alpine"
            | "bookworm"
            | "bullseye"
            | "slim-bookworm"
            | "slim-bullseye"
            | "trixie"
            | "slim-trixie"
    );
    tag == "latest" || variant_alone || version_in(base, 3, 0..=14, 30) || version_in(base, 2, 7..=7, 18)
}
fn any_tag(tag: &str) -> bool {
    !tag.is_empty()
}
fn latest_or_v(tag: &str) -> bool {
    tag == "latest" || tag.starts_with('v') || tag.starts_with(|c: char| c.is_ascii_digit())
}

pub static CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        names: &["docker.io/library/nginx"],
        kind: Kind::Nginx,
        size: 72_099_501,
        baseline_mib: 8,
        env: &[
            ("NGINX_VERSION", "1.27.5"),
            ("NJS_VERSION", "0.8.10"),
            ("NJS_RELEASE", "1~bookworm"),
            ("PKG_RELEASE", "1~bookworm"),
            ("DYNPKG_RELEASE", "1~bookworm"),
        ],
        tag_ok: nginx_tag,
    },
    CatalogEntry {
        names: &["docker.io/library/httpd"],
        kind: Kind::Httpd,
        size: 58_123_840,
        baseline_mib: 10,
        env: &[("HTTPD_PREFIX", "/usr/local/apache2"), ("HTTPD_VERSION", "2.4.63")],
        tag_ok: httpd_tag,
    },
    CatalogEntry {
        names: &["docker.io/library/redis"],
        kind: Kind::Redis,
        size: 45_096_128,
        baseline_mib: 8,
        env: &[("GOSU_VERSION", "1.17"), ("REDIS_VERSION", "7.4.2")],
        tag_ok: redis_tag,
    },
    CatalogEntry {
        names: &["docker.io/library/postgres"],
        kind: Kind::Postgres,
        size: 158_331_752,
        baseline_mib: 40,
        env: &[
            ("GOSU_VERSION", "1.17"),
            ("LANG", "en_US.utf8"),
            ("PG_MAJOR", "17"),
            ("PG_VERSION", "17.4-1.pgdg120+2"),
            ("PGDATA", "/var/lib/postgresql/data"),
        ],
        tag_ok: postgres_tag,
    },
    CatalogEntry {
        names: &[
            "docker.io/library/busybox",
            "registry.k8s.io/busybox",
            "k8s.gcr.io/busybox",
            "gcr.io/google-containers/busybox",
        ],
        kind: Kind::Shell,
        size: 2_155_110,
        baseline_mib: 1,
        env: &[],
        tag_ok: busybox_tag,
    },
    CatalogEntry {
        names: &["docker.io/library/alpine"],
        kind: Kind::Shell,
        size: 3_642_240,
        baseline_mib: 1,
        env: &[],
        tag_ok: alpine_tag,
    },
    CatalogEntry {
        names: &["docker.io/library/ubuntu"],
        kind: Kind::Shell,
        size: 29_754_372,
        baseline_mib: 2,
        env: &[],
        tag_ok: ubuntu_tag,
    },
    CatalogEntry {
        names: &["docker.io/curlimages/curl"],
        kind: Kind::Shell,
        size: 11_247_613,
        baseline_mib: 2,
        env: &[("CURL_CA_BUNDLE", "/cacert.pem")],
        tag_ok: latest_or_v,
    },
    CatalogEntry {
        names: &["registry.k8s.io/coredns/coredns"],
        kind: Kind::CoreDns,
        size: 18_562_039,
        baseline_mib: 20,
        env: &[],
        tag_ok: latest_or_v,
    },
    CatalogEntry {
        names: &["docker.io/hashicorp/http-echo"],
        kind: Kind::HttpEcho,
        size: 3_569_211,
        baseline_mib: 4,
        env: &[],
        tag_ok: any_tag,
    },
    CatalogEntry {
        names: &["docker.io/traefik/whoami"],
        kind: Kind::Whoami,
        size: 3_917_628,
        baseline_mib: 4,
        env: &[],
        tag_ok: any_tag,
    },
    CatalogEntry {
        names: &["docker.io/kennethreitz/httpbin", "docker.io/mccutchen/go-httpbin"],
        kind: Kind::Httpbin,
        size: 199_431_680,
        baseline_mib: 40,
        env: &[],
        tag_ok: any_tag,
    },
    CatalogEntry {
        names: &["docker.io/polinux/stress", "docker.io/progrium/stress"],
        kind: Kind::Stress,
        size: 4_041_127,
        baseline_mib: 1,
        env: &[],
        tag_ok: any_tag,
    },
    CatalogEntry {
        names: &["docker.io/library/python"],
        kind: Kind::Python,
        size: 392_000_000,
        baseline_mib: 10,
        env: &[("LANG", "C.UTF-8"), ("PYTHON_VERSION", "3.13.2")],
        tag_ok: python_tag,
    },
    CatalogEntry {
        names: &[
            "registry.k8s.io/etcd",
            "registry.k8s.io/kube-apiserver",
            "registry.k8s.io/kube-controller-manager",
            "registry.k8s.io/kube-scheduler",
            "registry.k8s.io/kube-proxy",
            "docker.io/kindest/kindnetd",
            "docker.io/kindest/local-path-provisioner",
        ],
        kind: Kind::KubeSystem,
        size: 30_000_000,
        baseline_mib: 20,
        env: &[],
        tag_ok: latest_or_v,
    },
    CatalogEntry {
        names: &["registry.k8s.io/pause"],
        kind: Kind::Pause,
        size: 320_368,
        baseline_mib: 1,
        env: &[],
        tag_ok: latest_or_v,
    },
];

pub fn catalog_entry(r: &ImageRef) -> Option<&'static CatalogEntry> {
    let name = format!("{}/{}", r.domain, r.path);
    CATALOG.iter().find(|e| e.names.contains(&name.as_str()))
}

/// The image's own environment (PATH first, as `env` prints it).
pub fn image_env(r: &ImageRef) -> Vec<(String, String)> {
    let mut v = vec![("PATH".to_string(), STD_PATH.to_string())];
    if let Some(e) = catalog_entry(r) {
        if e.kind == Kind::Postgres {
            v[0].1 = format!("{STD_PATH}:/usr/lib/postgresql/17/bin");
        }
        let alpine = r.tag_or_latest().contains("alpine");
        for (k, val) in e.env {
            if alpine && k.ends_with("_RELEASE") {
                continue;
            }
            v.push((k.to_string(), val.to_string()));
        }
        if e.kind == Kind::Python {
            if let Some(slot) = v.iter_mut().find(|(k, _)| k == "PYTHON_VERSION") {
                slot.1 = python_version(r.tag_or_latest());
            }
        }
        if e.kind == Kind::Nginx {
            if let Some(ver) = nginx_version(r.tag_or_latest()) {
                if let Some(slot) = v.iter_mut().find(|(k, _)| k == "NGINX_VERSION") {
                    slot.1 = ver;
                }
            }
        }
    }
    v
}

/// The python release a tag runs (`3.12-slim` → `3.12.9`), the newest of its line in March 2025.
pub fn python_version(tag: &str) -> String {
    let base = tag.split('-').next().unwrap_or(tag);
    let newest = [
        ("2.7", "2.7.18"),
        ("3.8", "3.8.20"),
        ("3.9", "3.9.21"),
        ("3.10", "3.10.16"),
        ("3.11", "3.11.11"),
        ("3.12", "3.12.9"),
        ("3.13", "3.13.2"),
    ];
    match base {
        b if b.matches('.').count() == 2 => b.to_string(),
        "2" => "2.7.18".to_string(),
        b => newest.iter().find(|(k, _)| *k == b).map_or("3.13.2".to_string(), |(_, v)| v.to_string()),
    }
}

/// The nginx version a tag runs (`1.27` → `1.27.5`).
pub fn nginx_version(tag: &str) -> Option<String> {
    let base =
        strip_variant(tag, &["-alpine-slim", "-alpine-perl", "-alpine", "-bookworm", "-perl", "-otel"]);
    let known =
        [("1.25", "1.25.5"), ("1.26", "1.26.3"), ("1.27", "1.27.5"), ("1.28", "1.28.0"), ("1.29", "1.29.1")];
    let v = match base {
        "latest" | "mainline" | "alpine" | "alpine-slim" | "perl" | "bookworm" => "1.29.1".to_string(),
        "stable" => "1.28.0".to_string(),
        "1" => "1.29.1".to_string(),
        b if b.matches('.').count() == 2 => b.to_string(),
        b => known.iter().find(|(k, _)| *k == b).map_or(format!("{b}.0"), |(_, v)| v.to_string()),
    };
    Some(v)
}

/// The outcome of pulling an image from its registry.
pub fn pull(r: &ImageRef) -> Result<(Kind, u64), String> {
    let canonical = r.canonical();
    if let Some(e) = catalog_entry(r) {
        let tag_ok = match (&r.tag, &r.digest) {
            (None, Some(_)) => true,
            (t, _) => (e.tag_ok)(t.as_deref().unwrap_or("latest")),
        };
        if !tag_ok {
            return Err(format!(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"{canonical}\": failed to resolve reference \"{canonical}\": {canonical}: not found"
            ));
        }
        return Ok((e.kind, variant_size(e, r.tag_or_latest())));
    }
    if let Some(repo) = official_library_repo(r) {
        if !official_tag(r.tag_or_latest())
            || r.tag.is_none() && r.digest.is_none() && NO_LATEST.contains(&repo)
        {
            return Err(format!(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"{canonical}\": failed to resolve reference \"{canonical}\": {canonical}: not found"
            ));
        }
        return Ok((Kind::Generic, generic_size(&canonical)));
    }
    if r.domain == "docker.io" && r.path.starts_with("library/") {
        return Err(format!(
            "rpc error: code = Unknown desc = failed to pull and unpack image \"{canonical}\": failed to resolve reference \"{canonical}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
        ));
    }
    Ok((Kind::Generic, generic_size(&canonical)))
}

/// Docker Official Images outside the catalog: they exist, so they pull (and run as a generic
/// server, saying so in a `SimulatedImage` event); only a tag no official image could carry fails,
/// with the registry's `not found`. A typo of a name (`ngnix`) is still a repository that does
/// not exist.
static OFFICIAL_LIBRARY: &[&str] = &[
    "adminer",
    "almalinux",
    "amazoncorretto",
    "amazonlinux",
    "arangodb",
    "bash",
    "caddy",
    "cassandra",
    "centos",
    "clojure",
    "consul",
    "couchbase",
    "couchdb",
    "debian",
    "docker",
    "drupal",
    "eclipse-mosquitto",
    "eclipse-temurin",
    "elasticsearch",
    "elixir",
    "erlang",
    "fedora",
    "flink",
    "fluentd",
    "gcc",
    "ghost",
    "golang",
    "gradle",
    "haproxy",
    "haskell",
    "hello-world",
    "influxdb",
    "jetty",
    "joomla",
    "julia",
    "kibana",
    "kong",
    "logstash",
    "mariadb",
    "maven",
    "memcached",
    "mongo",
    "mongo-express",
    "mysql",
    "neo4j",
    "nextcloud",
    "node",
    "odoo",
    "openjdk",
    "perl",
    "php",
    "phpmyadmin",
    "postfixadmin",
    "pypy",
    "rabbitmq",
    "redmine",
    "registry",
    "rockylinux",
    "ruby",
    "rust",
    "solr",
    "sonarqube",
    "spark",
    "swift",
    "telegraf",
    "tomcat",
    "traefik",
    "varnish",
    "vault",
    "wordpress",
    "zookeeper",
];

/// Official repositories that publish no `latest` tag, so a bare name fails to pull.
const NO_LATEST: &[&str] = &["openjdk", "vault", "consul"];

fn official_library_repo(r: &ImageRef) -> Option<&'static str> {
    let name = r.path.strip_prefix("library/").filter(|_| r.domain == "docker.io")?;
    OFFICIAL_LIBRARY.iter().copied().find(|n| *n == name)
}

/// Whether an official image could carry `tag`: a version (`20`, `8.0`, `1.22.5`) or a moving
/// name (`latest`, `lts`, `alpine`, a Debian or Ubuntu release…), then variant words
/// (`-alpine3.20`, `-slim`, `-bookworm`, `-management`, `-jdk`, `-php8.2-apache`).
fn official_tag(tag: &str) -> bool {
    const NAMES: &[&str] = &[
        "latest",
        "lts",
        "stable",
        "current",
        "mainline",
        "edge",
        "rc",
        "alpine",
        "slim",
        "bookworm",
        "bullseye",
        "trixie",
        "jammy",
        "noble",
        "focal",
        "jdk",
        "jre",
        "management",
        "fpm",
        "apache",
        "cli",
    ];
    let mut parts = tag.split('-');
    let base = parts.next().unwrap_or_default();
    let is_version = {
        let nums: Vec<&str> = base.split('.').collect();
        nums.len() <= 4
            && nums.iter().all(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let is_variant = |p: &str| {
        !p.is_empty()
            && p.len() <= 24
            && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.')
    };
    (is_version || NAMES.contains(&base)) && parts.all(is_variant)
}

/// The compressed size of a tag's variant: Alpine images are a fraction of the Debian ones, and
/// python's `-slim` drops the build tool chain.
fn variant_size(e: &CatalogEntry, tag: &str) -> u64 {
    match e.kind {
        Kind::Python if tag.contains("alpine") => e.size / 21,
        Kind::Python if tag.contains("slim") => e.size * 2 / 19,
        _ if tag.contains("alpine") && e.size > 10_000_000 => e.size * 2 / 7,
        _ => e.size,
    }
}

/// What a non-pulling lookup finds (pullPolicy Never): kind and size if usable.
pub fn kind_of(r: &ImageRef) -> Kind {
    catalog_entry(r).map_or(Kind::Generic, |e| e.kind)
}

pub fn generic_size(canonical: &str) -> u64 {
    20_000_000 + u64::from(fnv1a32(canonical.as_bytes()) % 60_000_000)
}

pub fn baseline_mib(r: &ImageRef) -> u64 {
    catalog_entry(r).map_or(16, |e| e.baseline_mib)
}

/// Images every node has before any workload runs: what kind's node image ships (the kubeadm
/// control-plane set, kindnetd and the local-path provisioner).
pub const PRELOADED: &[&str] = &[
    "registry.k8s.io/pause:3.10",
    "registry.k8s.io/coredns/coredns:v1.12.0",
    "registry.k8s.io/etcd:3.5.21-0",
    "registry.k8s.io/kube-apiserver:v1.33.1",
    "registry.k8s.io/kube-controller-manager:v1.33.1",
    "registry.k8s.io/kube-scheduler:v1.33.1",
    "registry.k8s.io/kube-proxy:v1.33.1",
    "docker.io/kindest/kindnetd:v20250512-df8de77b",
    "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a",
];

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_references() {
        let r = parse("nginx:1.27").unwrap();
        assert_eq!(r.canonical(), "docker.io/library/nginx:1.27");
        assert_eq!(parse("nginx").unwrap().canonical(), "docker.io/library/nginx:latest");
        assert_eq!(parse("registry.k8s.io/pause:3.10").unwrap().canonical(), "registry.k8s.io/pause:3.10");
        assert_eq!(parse("myrepo/api:1.2.3").unwrap().canonical(), "docker.io/myrepo/api:1.2.3");
        assert_eq!(parse("localhost:5000/app").unwrap().canonical(), "localhost:5000/app:latest");
        assert_eq!(
            parse("NGINX").unwrap_err(),
            "invalid reference format: repository name must be lowercase"
        );
        assert_eq!(parse("nginx:").unwrap_err(), "invalid reference format");
        assert_eq!(parse("ngi nx").unwrap_err(), "invalid reference format");
    }

    #[test]
    fn pull_outcomes() {
        assert_eq!(pull(&parse("nginx:1.27").unwrap()).unwrap(), (Kind::Nginx, 72_099_501));
        assert!(pull(&parse("nginx:1.25-alpine").unwrap()).is_ok());
        assert!(pull(&parse("busybox:1.28").unwrap()).is_ok());
        assert_eq!(
            pull(&parse("nginx:1.99").unwrap()).unwrap_err(),
            "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/nginx:1.99\": failed to resolve reference \"docker.io/library/nginx:1.99\": docker.io/library/nginx:1.99: not found"
        );
        assert!(pull(&parse("ngnix:1.27").unwrap())
            .unwrap_err()
            .contains("pull access denied, repository does not exist or may require authorization"));
        assert_eq!(pull(&parse("myrepo/api:1.2.3").unwrap()).unwrap().0, Kind::Generic);
    }

    fn pulls(image: &str) -> bool {
        pull(&parse(image).unwrap()).is_ok()
    }

    #[test]
    fn python_images_pull_with_their_tag_families() {
        for image in [
            "python:3.11-slim",
            "python:3.12-slim",
            "python:3.12",
            "python:3",
            "python:latest",
            "python:3.12.9-slim-bookworm",
            "python:3.13-alpine",
            "python:3.12-alpine3.21",
            "python:3.11-bookworm",
            "python:slim",
            "python:2.7",
        ] {
            assert!(pulls(image), "{image}");
        }
        assert_eq!(pull(&parse("python:3.12-slim").unwrap()).unwrap().0, Kind::Python);
        // A tag that cannot exist is the registry's `not found`, not a missing repository.
        assert_eq!(
            pull(&parse("python:3.12-slimm").unwrap()).unwrap_err(),
            "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/library/python:3.12-slimm\": failed to resolve reference \"docker.io/library/python:3.12-slimm\": docker.io/library/python:3.12-slimm: not found"
        );
        assert!(!pulls("python:4.0"));
        assert!(pull(&parse("pyhton:3.12").unwrap())
            .unwrap_err()
            .contains("pull access denied, repository does not exist"));
        // Slim and Alpine variants are smaller than the full image.
        let size = |i: &str| pull(&parse(i).unwrap()).unwrap().1;
        assert!(size("python:3.12-slim") < size("python:3.12") / 5);
        assert!(size("python:3.12-alpine") < size("python:3.12-slim"));
        assert_eq!(python_version("3.11-slim"), "3.11.11");
        assert_eq!(python_version("3.12.4"), "3.12.4");
    }

    #[test]
    fn official_images_pin_their_alpine_release() {
        for image in [
            "nginx:1.27-alpine3.21",
            "nginx:stable-alpine",
            "nginx:alpine3.21",
            "redis:7.4-alpine3.21",
            "httpd:2.4-alpine3.21",
            "postgres:17-alpine3.21",
        ] {
            assert!(pulls(image), "{image}");
        }
        // nginx has no -slim variant (only alpine-slim).
        assert!(!pulls("nginx:1.27-slim"));
        assert!(pulls("nginx:1.27-alpine-slim"));
        assert!(!pulls("nginx:1.27-alpine3.x"));
    }

    #[test]
    fn official_images_outside_the_catalog_pull_and_impossible_tags_do_not() {
        for image in [
            "node:20-alpine",
            "node:lts-alpine",
            "node:20.11.1-bookworm-slim",
            "mysql",
            "mysql:8.0",
            "mongo:7.0-jammy",
            "rabbitmq:3-management",
            "golang:1.22-alpine3.20",
            "php:8.2-apache",
            "openjdk:17-jdk-slim",
            "wordpress:6.5-php8.2-apache",
        ] {
            assert!(pulls(image), "{image}");
            assert_eq!(pull(&parse(image).unwrap()).unwrap().0, Kind::Generic, "{image}");
        }
        // An existing repository with a tag it cannot have: the registry's `not found`.
        for image in ["node:banana", "mysql:8.0_beta", "openjdk"] {
            let err = pull(&parse(image).unwrap()).unwrap_err();
            assert!(err.ends_with(": not found"), "{image}: {err}");
        }
        // A misspelt name is still a repository that does not exist.
        assert!(pull(&parse("mysq:8.0").unwrap())
            .unwrap_err()
            .contains("pull access denied, repository does not exist"));
    }
}
