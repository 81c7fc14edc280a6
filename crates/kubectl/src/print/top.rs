//! `kubectl top pods|nodes` tables (kubectl `metricsutil/metrics_printer.go`) from usage numbers
//! the caller supplies: cpu in millicores (`250m`), memory in MiB (`64Mi`), percentages of
//! allocatable truncated to integers.

use super::tabwriter;

/// One pod's usage.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PodUsage {
    pub namespace: String,
    pub name: String,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
}

/// One node's usage and allocatable capacity (for the percentages).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NodeUsage {
    pub name: String,
    pub cpu_milli: i64,
    pub memory_bytes: i64,
    pub allocatable_cpu_milli: i64,
    pub allocatable_memory_bytes: i64,
}

fn mi(bytes: i64) -> String {
    format!("{}Mi", bytes / (1024 * 1024))
}

/// `kubectl top pods [-A]`, sorted by (namespace,) name. kubectl terminates every cell with a
/// tab, so the last column is padded too (golden `testdata/top_pods.txt`).
pub fn top_pods(pods: &[PodUsage], all_namespaces: bool) -> String {
    let mut sorted: Vec<&PodUsage> = pods.iter().collect();
    sorted.sort_by(|a, b| {
        if all_namespaces {
            (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
        } else {
            a.name.cmp(&b.name)
        }
    });
    let mut text = String::new();
    if all_namespaces {
        text.push_str("NAMESPACE\t");
    }
    text.push_str("NAME\tCPU(cores)\tMEMORY(bytes)\t\n");
    for p in sorted {
        if all_namespaces {
            text.push_str(&format!("{}\t", p.namespace));
        }
        text.push_str(&format!("{}\t{}m\t{}\t\n", p.name, p.cpu_milli, mi(p.memory_bytes)));
    }
    tabwriter::table(&text)
}

/// `kubectl top nodes`, sorted by name.
pub fn top_nodes(nodes: &[NodeUsage]) -> String {
    let pct = |x: i64, total: i64| if total == 0 { 0 } else { x.saturating_mul(100) / total };
    let mut sorted: Vec<&NodeUsage> = nodes.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = String::from("NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n");
    for n in sorted {
        text.push_str(&format!(
            "{}\t{}m\t{}%\t{}\t{}%\t\n",
            n.name,
            n.cpu_milli,
            pct(n.cpu_milli, n.allocatable_cpu_milli),
            mi(n.memory_bytes),
            pct(n.memory_bytes, n.allocatable_memory_bytes)
        ));
    }
    tabwriter::table(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn pods_and_nodes() {
        let p = PodUsage {
            namespace: "default".into(),
            name: "web-1".into(),
            cpu_milli: 1,
            memory_bytes: 3 * 1024 * 1024 + 5,
        };
        // Headers as in kubectl 1.33's binary (`CPU(cores)`, `CPU(%)`); tabwriter 6/3.
        assert_eq!(
            top_pods(std::slice::from_ref(&p), false),
            "NAME    CPU(cores)   MEMORY(bytes)   \nweb-1   1m           3Mi             \n"
        );
        assert_eq!(
            top_pods(&[p], true),
            "NAMESPACE   NAME    CPU(cores)   MEMORY(bytes)   \ndefault     web-1   1m           3Mi             \n"
        );
        let n = NodeUsage {
            name: "node-1".into(),
            cpu_milli: 250,
            memory_bytes: 1024 * 1024 * 1024,
            allocatable_cpu_milli: 2000,
            allocatable_memory_bytes: 4 * 1024 * 1024 * 1024,
        };
        assert_eq!(
            top_nodes(&[n]),
            "NAME     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \nnode-1   250m         12%      1024Mi          25%         \n"
        );
    }
}
