//! What an image ships besides its program: the files tutorials `cat` (`/etc/os-release`,
//! `/etc/passwd`, nginx's configuration, `/proc`), the busybox applets in `/bin`, and which
//! tools are on its PATH. Read at `kubectl exec` time only, so a running container costs nothing
//! for them.

use std::collections::BTreeMap;

use crate::images::{ImageRef, Kind};

/// The userland an image is built on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// Debian bookworm (the official images' default variant): GNU coreutils, no `ps`, `nc`,
    /// `ping`, `wget`.
    Debian,
    /// Alpine (`alpine`, `*-alpine` tags): busybox applets and an os-release.
    Alpine,
    /// The `busybox` image: only the applets, no os-release.
    BusyBox,
    /// Ubuntu: GNU tools plus procps.
    Ubuntu,
    /// Images built `FROM scratch` (coredns, http-echo, whoami, pause): one static binary.
    Scratch,
}

/// The userland of an image reference running as `kind`.
pub fn flavour(kind: Kind, image: Option<&ImageRef>) -> Flavour {
    let tag = image.map_or("latest", ImageRef::tag_or_latest);
    let short = image.map_or("", ImageRef::short);
    match kind {
        Kind::CoreDns | Kind::HttpEcho | Kind::Whoami | Kind::Pause => Flavour::Scratch,
        // kube-proxy's image is Debian-based (iptables); the others are distroless.
        Kind::KubeSystem if short == "kube-proxy" => Flavour::Debian,
        Kind::KubeSystem => Flavour::Scratch,
        Kind::Shell if short == "busybox" => Flavour::BusyBox,
        Kind::Shell if short == "ubuntu" => Flavour::Ubuntu,
        // alpine, curlimages/curl (Alpine-based) and the `-alpine` variants.
        Kind::Shell | Kind::Stress => Flavour::Alpine,
        _ if tag.contains("alpine") => Flavour::Alpine,
        // Unknown images: the generic program is given a busybox userland.
        Kind::Generic => Flavour::BusyBox,
        _ => Flavour::Debian,
    }
}

impl Flavour {
    /// Error messages and tool output in busybox's wording.
    pub fn is_busybox(self) -> bool {
        matches!(self, Flavour::Alpine | Flavour::BusyBox)
    }
}

/// The applets of busybox 1.36 installed in `/bin` (what `ls /bin` lists in the busybox image).
pub const BUSYBOX_APPLETS: &[&str] = &[
    "[",
    "[[",
    "acpid",
    "addgroup",
    "adduser",
    "adjtimex",
    "ar",
    "arch",
    "arp",
    "arping",
    "ascii",
    "ash",
    "awk",
    "base32",
    "base64",
    "basename",
    "bc",
    "beep",
    "blkdiscard",
    "blkid",
    "blockdev",
    "bootchartd",
    "brctl",
    "bunzip2",
    "busybox",
    "bzcat",
    "bzip2",
    "cal",
    "cat",
    "chat",
    "chattr",
    "chgrp",
    "chmod",
    "chown",
    "chpasswd",
    "chpst",
    "chroot",
    "chrt",
    "chvt",
    "cksum",
    "clear",
    "cmp",
    "comm",
    "conspy",
    "cp",
    "cpio",
    "crc32",
    "crond",
    "crontab",
    "cryptpw",
    "cttyhack",
    "cut",
    "date",
    "dc",
    "dd",
    "deallocvt",
    "delgroup",
    "deluser",
    "depmod",
    "devmem",
    "df",
    "dhcprelay",
    "diff",
    "dirname",
    "dmesg",
    "dnsd",
    "dnsdomainname",
    "dos2unix",
    "dpkg",
    "dpkg-deb",
    "du",
    "dumpkmap",
    "dumpleases",
    "echo",
    "ed",
    "egrep",
    "eject",
    "env",
    "envdir",
    "envuidgid",
    "ether-wake",
    "expand",
    "expr",
    "factor",
    "fakeidentd",
    "fallocate",
    "false",
    "fatattr",
    "fbset",
    "fbsplash",
    "fdflush",
    "fdformat",
    "fdisk",
    "fgconsole",
    "fgrep",
    "find",
    "findfs",
    "flock",
    "fold",
    "free",
    "freeramdisk",
    "fsck",
    "fsck.minix",
    "fsfreeze",
    "fstrim",
    "fsync",
    "ftpd",
    "ftpget",
    "ftpput",
    "fuser",
    "getfattr",
    "getopt",
    "getty",
    "grep",
    "groups",
    "gunzip",
    "gzip",
    "halt",
    "hd",
    "hdparm",
    "head",
    "hexdump",
    "hexedit",
    "hostid",
    "hostname",
    "httpd",
    "hush",
    "hwclock",
    "i2cdetect",
    "i2cdump",
    "i2cget",
    "i2cset",
    "i2ctransfer",
    "id",
    "ifconfig",
    "ifdown",
    "ifenslave",
    "ifplugd",
    "ifup",
    "inetd",
    "init",
    "insmod",
    "install",
    "ionice",
    "iostat",
    "ip",
    "ipaddr",
    "ipcalc",
    "ipcrm",
    "ipcs",
    "iplink",
    "ipneigh",
    "iproute",
    "iprule",
    "iptunnel",
    "kbd_mode",
    "kill",
    "killall",
    "killall5",
    "klogd",
    "last",
    "less",
    "link",
    "linux32",
    "linux64",
    "linuxrc",
    "ln",
    "loadfont",
    "loadkmap",
    "logger",
    "login",
    "logname",
    "logread",
    "losetup",
    "lpd",
    "lpq",
    "lpr",
    "ls",
    "lsattr",
    "lsmod",
    "lsof",
    "lspci",
    "lsscsi",
    "lsusb",
    "lzcat",
    "lzma",
    "lzop",
    "makedevs",
    "makemime",
    "man",
    "md5sum",
    "mdev",
    "mesg",
    "microcom",
    "mim",
    "mkdir",
    "mkdosfs",
    "mke2fs",
    "mkfifo",
    "mkfs.ext2",
    "mkfs.minix",
    "mkfs.vfat",
    "mknod",
    "mkpasswd",
    "mkswap",
    "mktemp",
    "modinfo",
    "modprobe",
    "more",
    "mount",
    "mountpoint",
    "mpstat",
    "mt",
    "mv",
    "nameif",
    "nanddump",
    "nandwrite",
    "nbd-client",
    "nc",
    "netstat",
    "nice",
    "nl",
    "nmeter",
    "nohup",
    "nologin",
    "nproc",
    "nsenter",
    "nslookup",
    "ntpd",
    "nuke",
    "od",
    "openvt",
    "partprobe",
    "passwd",
    "paste",
    "patch",
    "pgrep",
    "pidof",
    "ping",
    "ping6",
    "pipe_progress",
    "pivot_root",
    "pkill",
    "pmap",
    "popmaildir",
    "poweroff",
    "powertop",
    "printenv",
    "printf",
    "ps",
    "pscan",
    "pstree",
    "pwd",
    "pwdx",
    "raidautorun",
    "rdate",
    "rdev",
    "readahead",
    "readlink",
    "readprofile",
    "realpath",
    "reboot",
    "reformime",
    "remove-shell",
    "renice",
    "reset",
    "resize",
    "resume",
    "rev",
    "rm",
    "rmdir",
    "rmmod",
    "route",
    "rpm",
    "rpm2cpio",
    "rtcwake",
    "run-init",
    "run-parts",
    "runlevel",
    "runsv",
    "runsvdir",
    "rx",
    "script",
    "scriptreplay",
    "sed",
    "seedrng",
    "sendmail",
    "seq",
    "setarch",
    "setconsole",
    "setfattr",
    "setfont",
    "setkeycodes",
    "setlogcons",
    "setpriv",
    "setserial",
    "setsid",
    "setuidgid",
    "sh",
    "sha1sum",
    "sha256sum",
    "sha3sum",
    "sha512sum",
    "showkey",
    "shred",
    "shuf",
    "slattach",
    "sleep",
    "smemcap",
    "softlimit",
    "sort",
    "split",
    "ssl_client",
    "start-stop-daemon",
    "stat",
    "strings",
    "stty",
    "su",
    "sulogin",
    "sum",
    "sv",
    "svc",
    "svlogd",
    "svok",
    "swapoff",
    "swapon",
    "switch_root",
    "sync",
    "sysctl",
    "syslogd",
    "tac",
    "tail",
    "tar",
    "taskset",
    "tc",
    "tcpsvd",
    "tee",
    "telnet",
    "telnetd",
    "test",
    "tftp",
    "tftpd",
    "time",
    "timeout",
    "top",
    "touch",
    "tr",
    "traceroute",
    "traceroute6",
    "tree",
    "true",
    "truncate",
    "ts",
    "tsort",
    "tty",
    "ttysize",
    "tunctl",
    "tune2fs",
    "ubiattach",
    "ubidetach",
    "ubimkvol",
    "ubirename",
    "ubirmvol",
    "ubirsvol",
    "ubiupdatevol",
    "udhcpc",
    "udhcpc6",
    "udhcpd",
    "udpsvd",
    "uevent",
    "umount",
    "uname",
    "uncompress",
    "unexpand",
    "uniq",
    "unix2dos",
    "unlink",
    "unlzma",
    "unshare",
    "unxz",
    "unzip",
    "uptime",
    "users",
    "usleep",
    "uudecode",
    "uuencode",
    "vconfig",
    "vi",
    "vlock",
    "volname",
    "w",
    "wall",
    "watch",
    "watchdog",
    "wc",
    "wget",
    "which",
    "who",
    "whoami",
    "whois",
    "xargs",
    "xxd",
    "xz",
    "xzcat",
    "yes",
    "zcat",
    "zcip",
];

/// Tools every Debian-based official image has (coreutils, grep, sed, findutils, debianutils…).
const DEBIAN_TOOLS: &[&str] = &[
    "sh",
    "bash",
    "dash",
    "cat",
    "ls",
    "echo",
    "env",
    "printenv",
    "hostname",
    "date",
    "true",
    "false",
    "touch",
    "rm",
    "mkdir",
    "rmdir",
    "test",
    "[",
    "printf",
    "id",
    "whoami",
    "uname",
    "df",
    "du",
    "mv",
    "cp",
    "ln",
    "sed",
    "grep",
    "egrep",
    "fgrep",
    "wc",
    "head",
    "tail",
    "sort",
    "uniq",
    "cut",
    "tr",
    "tee",
    "seq",
    "sleep",
    "timeout",
    "find",
    "xargs",
    "which",
    "kill",
    "pwd",
    "basename",
    "dirname",
    "readlink",
    "stat",
    "chmod",
    "chown",
    "tar",
    "gzip",
    "zcat",
    "dd",
    "yes",
    "nproc",
    "expr",
    "mktemp",
    "awk",
    "mawk",
    "getent",
    "su",
    "login",
    "mount",
    "umount",
    "md5sum",
    "sha256sum",
    "base64",
];

/// Whether `name` is on the image's PATH. `kind` adds the image's own programs.
pub fn has_tool(kind: Kind, flavour: Flavour, name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    let own = match kind {
        Kind::Nginx => matches!(base, "nginx" | "nginx-debug" | "envsubst" | "curl" | "docker-entrypoint.sh"),
        Kind::Httpd => matches!(base, "httpd" | "apachectl" | "httpd-foreground"),
        Kind::Redis => matches!(
            base,
            "redis-server"
                | "redis-cli"
                | "redis-benchmark"
                | "redis-check-aof"
                | "redis-check-rdb"
                | "redis-sentinel"
                | "gosu"
                | "docker-entrypoint.sh"
        ),
        Kind::Postgres => matches!(
            base,
            "postgres"
                | "psql"
                | "pg_dump"
                | "pg_isready"
                | "initdb"
                | "pg_ctl"
                | "gosu"
                | "docker-entrypoint.sh"
        ),
        Kind::Python => {
            crate::program::is_python(base) || matches!(base, "pip" | "pip3" | "pydoc3" | "idle3")
        }
        Kind::Shell => base == "curl" && flavour == Flavour::Alpine,
        Kind::Stress => base == "stress",
        Kind::Httpbin => matches!(base, "gunicorn" | "python" | "python3" | "pip"),
        Kind::Generic => true,
        Kind::CoreDns => base == "coredns",
        Kind::HttpEcho => base == "http-echo",
        Kind::Whoami => base == "whoami",
        Kind::Pause => base == "pause",
        Kind::KubeSystem => matches!(
            base,
            "etcd"
                | "etcdctl"
                | "kube-apiserver"
                | "kube-controller-manager"
                | "kube-scheduler"
                | "kube-proxy"
                | "kindnetd"
                | "local-path-provisioner"
                | "iptables"
        ),
    };
    own || match flavour {
        Flavour::Alpine | Flavour::BusyBox => BUSYBOX_APPLETS.contains(&base),
        Flavour::Debian => DEBIAN_TOOLS.contains(&base),
        Flavour::Ubuntu => {
            DEBIAN_TOOLS.contains(&base)
                || matches!(base, "ps" | "top" | "free" | "pkill" | "pgrep" | "watch" | "apt-get" | "apt")
        }
        Flavour::Scratch => false,
    }
}

/// Where `which` finds a tool.
pub fn tool_path(kind: Kind, flavour: Flavour, name: &str) -> Option<String> {
    if !has_tool(kind, flavour, name) {
        return None;
    }
    if name.starts_with('/') {
        return Some(name.to_string());
    }
    let dir = match (flavour, kind) {
        (Flavour::BusyBox, _) => "/bin",
        (_, Kind::Python) if crate::program::is_python(name) || name.starts_with("pip") => "/usr/local/bin",
        (_, Kind::Redis | Kind::Httpd)
            if !DEBIAN_TOOLS.contains(&name) && !BUSYBOX_APPLETS.contains(&name) =>
        {
            "/usr/local/bin"
        }
        (_, Kind::Nginx) if name == "nginx" => "/usr/sbin",
        (Flavour::Alpine, _)
            if matches!(name, "sh" | "ash" | "ls" | "cat" | "echo" | "busybox" | "ping" | "ps") =>
        {
            "/bin"
        }
        _ => "/usr/bin",
    };
    Some(format!("{dir}/{name}"))
}

const DEBIAN_OS_RELEASE: &str = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n";

const ALPINE_OS_RELEASE: &str = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.3\nPRETTY_NAME=\"Alpine Linux v3.21\"\nHOME_URL=\"https://alpinelinux.org/\"\nBUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n";

const UBUNTU_OS_RELEASE: &str = "PRETTY_NAME=\"Ubuntu 24.04.2 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04.2 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\nPRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n";

const DEBIAN_PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nsync:x:4:65534:sync:/bin:/bin/sync\ngames:x:5:60:games:/usr/games:/usr/sbin/nologin\nman:x:6:12:man:/var/cache/man:/usr/sbin/nologin\nlp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\nnews:x:9:9:news:/var/spool/news:/usr/sbin/nologin\nuucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\nproxy:x:13:13:proxy:/bin:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nbackup:x:34:34:backup:/var/backups:/usr/sbin/nologin\nlist:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin\nirc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";

const BUSYBOX_PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n";

const ALPINE_PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nlp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\nsync:x:5:0:sync:/sbin:/bin/sync\nshutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\nhalt:x:7:0:halt:/sbin:/sbin/halt\nmail:x:8:12:mail:/var/mail:/sbin/nologin\nnews:x:9:13:news:/usr/lib/news:/sbin/nologin\nuucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin\ncron:x:16:16:cron:/var/spool/cron:/sbin/nologin\nftp:x:21:21::/var/lib/ftp:/sbin/nologin\nsshd:x:22:22:sshd:/dev/null:/sbin/nologin\ngames:x:35:35:games:/usr/games:/sbin/nologin\nntp:x:123:123:NTP:/var/empty:/sbin/nologin\nguest:x:405:100:guest:/dev/null:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n";

/// `/etc/nginx/nginx.conf` of the official image.
pub const NGINX_CONF: &str = "\nuser  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    log_format  main  '$remote_addr - $remote_user [$time_local] \"$request\" '\n                      '$status $body_bytes_sent \"$http_referer\" '\n                      '\"$http_user_agent\" \"$http_x_forwarded_for\"';\n\n    access_log  /var/log/nginx/access.log  main;\n\n    sendfile        on;\n    #tcp_nopush     on;\n\n    keepalive_timeout  65;\n\n    #gzip  on;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n";

/// `/etc/nginx/conf.d/default.conf` of the official image (IPv6 listen enabled by its entrypoint).
pub const NGINX_DEFAULT_CONF: &str = "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    #access_log  /var/log/nginx/host.access.log  main;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    #error_page  404              /404.html;\n\n    # redirect server error pages to the static page /50x.html\n    #\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n\n    # proxy the PHP scripts to Apache listening on 127.0.0.1:80\n    #\n    #location ~ \\.php$ {\n    #    proxy_pass   http://127.0.0.1;\n    #}\n\n    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000\n    #\n    #location ~ \\.php$ {\n    #    root           html;\n    #    fastcgi_pass   127.0.0.1:9000;\n    #    fastcgi_index  index.php;\n    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;\n    #    include        fastcgi_params;\n    #}\n\n    # deny access to .htaccess files, if Apache's document root\n    # concurs with nginx's one\n    #\n    #location ~ /\\.ht {\n    #    deny  all;\n    #}\n}\n\n";

const PROC_VERSION: &str = "Linux version 6.8.0-1021-gcp (buildd@lcy02-amd64-045) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.3.0-6ubuntu2~24.04) 13.3.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #23-Ubuntu SMP Thu Jan 16 20:15:41 UTC 2025\n";

/// The image's own files (added under the container's mounts and writes when it is read).
pub fn image_files(kind: Kind, flavour: Flavour, cmdline: &str) -> BTreeMap<String, String> {
    let mut f: BTreeMap<String, String> = BTreeMap::new();
    let mut put = |p: &str, c: &str| {
        f.insert(p.to_string(), c.to_string());
    };
    if flavour == Flavour::Scratch {
        return f;
    }
    match flavour {
        Flavour::Debian => {
            put("/etc/os-release", DEBIAN_OS_RELEASE);
            put("/etc/debian_version", "12.10\n");
            let extra = match kind {
                Kind::Nginx => "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n",
                Kind::Redis => "redis:x:999:999::/home/redis:/usr/sbin/nologin\n",
                Kind::Postgres => "postgres:x:999:999::/var/lib/postgresql:/bin/bash\n",
                _ => "",
            };
            put("/etc/passwd", &format!("{DEBIAN_PASSWD}{extra}"));
        }
        Flavour::Alpine => {
            put("/etc/os-release", ALPINE_OS_RELEASE);
            put("/etc/alpine-release", "3.21.3\n");
            put("/etc/passwd", ALPINE_PASSWD);
        }
        Flavour::Ubuntu => {
            put("/etc/os-release", UBUNTU_OS_RELEASE);
            put("/etc/passwd", DEBIAN_PASSWD);
        }
        Flavour::BusyBox => put("/etc/passwd", BUSYBOX_PASSWD),
        Flavour::Scratch => {}
    }
    if flavour.is_busybox() {
        for applet in BUSYBOX_APPLETS {
            put(&format!("/bin/{applet}"), "");
        }
    }
    if kind == Kind::Nginx {
        put("/etc/nginx/nginx.conf", NGINX_CONF);
        put("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF);
    }
    put("/proc/version", PROC_VERSION);
    put("/proc/1/cmdline", &format!("{}\0", cmdline.split(' ').collect::<Vec<_>>().join("\0")));
    f
}

/// `ps` (busybox's format): PID 1 is the container's process; nginx adds its workers (the PIDs
/// its log names); `ps` itself comes last.
pub fn ps(kind: Kind, cmdline: &str) -> String {
    let mut out = String::from("PID   USER     TIME  COMMAND\n");
    let row = |pid: u32, user: &str, cmd: &str| format!("{pid:>5} {user:<8} {:>5} {cmd}\n", "0:00");
    match kind {
        Kind::Nginx => {
            out.push_str(&row(1, "root", cmdline));
            out.push_str(&row(29, "nginx", "nginx: worker process"));
            out.push_str(&row(30, "nginx", "nginx: worker process"));
            out.push_str(&row(31, "root", "ps"));
        }
        Kind::Redis => {
            out.push_str(&row(1, "redis", cmdline));
            out.push_str(&row(7, "root", "ps"));
        }
        _ => {
            out.push_str(&row(1, "root", cmdline));
            out.push_str(&row(7, "root", "ps"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::parse;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn flavours_follow_the_image_variant() {
        let f = |k: Kind, i: &str| flavour(k, parse(i).ok().as_ref());
        assert_eq!(f(Kind::Nginx, "nginx:1.27"), Flavour::Debian);
        assert_eq!(f(Kind::Nginx, "nginx:1.27-alpine"), Flavour::Alpine);
        assert_eq!(f(Kind::Shell, "busybox:1.36"), Flavour::BusyBox);
        assert_eq!(f(Kind::Shell, "alpine:3.21"), Flavour::Alpine);
        assert_eq!(f(Kind::Python, "python:3.12-slim"), Flavour::Debian);
        assert_eq!(f(Kind::CoreDns, "registry.k8s.io/coredns/coredns:v1.12.0"), Flavour::Scratch);
    }

    #[test]
    fn tools_on_the_path() {
        // busybox has the networking applets; Debian-based official images do not.
        for t in ["nc", "ping", "sort", "which", "head", "tail", "grep", "wc", "ps", "busybox"] {
            assert!(has_tool(Kind::Shell, Flavour::BusyBox, t), "{t}");
        }
        assert!(!has_tool(Kind::Nginx, Flavour::Debian, "ps"));
        assert!(!has_tool(Kind::Nginx, Flavour::Debian, "ping"));
        assert!(has_tool(Kind::Nginx, Flavour::Alpine, "ps"));
        assert!(has_tool(Kind::Redis, Flavour::Debian, "redis-cli"));
        assert_eq!(tool_path(Kind::Shell, Flavour::BusyBox, "nc").as_deref(), Some("/bin/nc"));
        assert_eq!(tool_path(Kind::Nginx, Flavour::Debian, "nginx").as_deref(), Some("/usr/sbin/nginx"));
        assert_eq!(tool_path(Kind::Nginx, Flavour::Debian, "nope"), None);
    }

    #[test]
    fn ps_shows_the_real_process() {
        let out = ps(Kind::Nginx, "nginx: master process nginx -g daemon off;");
        assert_eq!(
            out,
            "PID   USER     TIME  COMMAND\n    1 root      0:00 nginx: master process nginx -g daemon off;\n   29 nginx     0:00 nginx: worker process\n   30 nginx     0:00 nginx: worker process\n   31 root      0:00 ps\n"
        );
        assert!(ps(Kind::Redis, "redis-server *:6379").contains("    1 redis     0:00 redis-server *:6379\n"));
    }
}
