//! poddisruptionbudgets: `kubectl get` columns and cells (`printPodDisruptionBudget`); the
//! generic describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "poddisruptionbudgets",
    columns: &[
        ("NAME", 0),
        ("MIN AVAILABLE", 0),
        ("MAX UNAVAILABLE", 0),
        ("ALLOWED DISRUPTIONS", 0),
        ("AGE", 0),
    ],
    cells,
    describe: None,
};

/// An IntOrString bound as it prints (`2`, `50%`), or `N/A` when unset.
fn bound(o: &Object, path: &str) -> String {
    match o.at(path) {
        None | Some(Value::Null) => "N/A".to_string(),
        Some(v) => plain(v),
    }
}

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    vec![
        o.name().to_string(),
        bound(o, "spec.minAvailable"),
        bound(o, "spec.maxUnavailable"),
        o.i64_at("status.disruptionsAllowed").unwrap_or(0).to_string(),
        age(o, now),
    ]
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn bounds_print_as_written_or_not_applicable() {
        // printPodDisruptionBudget: an unset bound prints N/A, disruptionsAllowed defaults to 0.
        let now = SimTime::parse_rfc3339("2025-03-01T10:05:00Z").unwrap();
        let pdb = json!({"metadata": {"name": "web", "creationTimestamp": "2025-03-01T10:00:00Z"},
            "spec": {"minAvailable": "50%"}});
        assert_eq!(cells(&pdb, now, false), ["web", "50%", "N/A", "0", "5m"]);
        let pdb = json!({"metadata": {"name": "db", "creationTimestamp": "2025-03-01T10:00:00Z"},
            "spec": {"maxUnavailable": 1}, "status": {"disruptionsAllowed": 1}});
        assert_eq!(cells(&pdb, now, false), ["db", "N/A", "1", "1", "5m"]);
    }

    #[test]
    fn get_pdb_prints_the_server_columns() {
        let now = SimTime::parse_rfc3339("2025-03-01T10:05:00Z").unwrap();
        let pdb = json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": "web-pdb", "creationTimestamp": "2025-03-01T10:00:00Z"},
            "spec": {"minAvailable": 2}, "status": {"disruptionsAllowed": 1}});
        let t = crate::print::table_for("poddisruptionbudgets", &[&pdb], now, &Default::default());
        assert_eq!(
            crate::print::render_table(&t),
            "NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\n\
             web-pdb   2               N/A               1                     5m\n"
        );
    }
}
