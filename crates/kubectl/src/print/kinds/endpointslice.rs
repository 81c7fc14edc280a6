//! endpointslices: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "endpointslices",
    columns: &[("NAME", 0), ("ADDRESSTYPE", 0), ("PORTS", 0), ("ENDPOINTS", 0), ("AGE", 0)],
    cells,
    describe: Some(describe::describe_endpointslice),
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    let name = o.name().to_string();
    let (ports, eps) = endpointslice_cells(o);
    vec![name, o.str_at("addressType").unwrap_or("").to_string(), ports, eps, age(o, now)]
}

fn list_with_more(list: Vec<String>, more: bool, count: usize) -> String {
    let ret = list.join(",");
    if more {
        return format!("{ret} + {} more...", count - 3);
    }
    if ret.is_empty() {
        "<unset>".into()
    } else {
        ret
    }
}

fn endpointslice_cells(es: &Object) -> (String, String) {
    let (mut list, mut more, mut count) = (Vec::new(), false, 0);
    for p in arr(es, "ports") {
        if list.len() < 3 {
            let n = match (p.get("port").and_then(Value::as_i64), p.get("name").and_then(Value::as_str)) {
                (Some(n), _) => n.to_string(),
                (None, Some(name)) => name.to_string(),
                _ => "*".to_string(),
            };
            list.push(n);
        } else {
            more = true;
        }
        count += 1;
    }
    let ports = list_with_more(list, more, count);
    let (mut list, mut more, mut count) = (Vec::new(), false, 0);
    for e in arr(es, "endpoints") {
        for a in e.get("addresses").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            if list.len() < 3 {
                list.push(plain(a));
            } else {
                more = true;
            }
            count += 1;
        }
    }
    (ports, list_with_more(list, more, count))
}
