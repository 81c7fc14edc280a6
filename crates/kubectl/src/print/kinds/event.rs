//! events: `kubectl get` columns and cells (`printers.go`), and its describer.

use super::prelude::*;

pub(crate) static PRINTER: Printer = Printer {
    plural: "events",
    columns: &[
        ("LAST SEEN", 0),
        ("TYPE", 0),
        ("REASON", 0),
        ("OBJECT", 0),
        ("SUBOBJECT", 1),
        ("SOURCE", 1),
        ("MESSAGE", 0),
        ("FIRST SEEN", 1),
        ("COUNT", 1),
        ("NAME", 1),
    ],
    cells,
    describe: None,
};

fn cells(o: &Object, now: SimTime, _wide: bool) -> Vec<String> {
    event_cells(o, now)
}

/// Event cells in the full (wide) column order.
fn event_cells(ev: &Object, now: SimTime) -> Vec<String> {
    let first = if ev.str_at("firstTimestamp").is_some() {
        since(ev.str_at("firstTimestamp"), now)
    } else {
        since(ev.str_at("eventTime"), now)
    };
    let mut last = if ev.str_at("lastTimestamp").is_some() {
        since(ev.str_at("lastTimestamp"), now)
    } else {
        first.clone()
    };
    let mut count = ev.i64_at("count").unwrap_or(0);
    if let Some(series) = ev.get("series").filter(|s| s.is_object()) {
        last = since(series.get("lastObservedTime").and_then(Value::as_str), now);
        count = i(series, "count");
    } else if count == 0 {
        count = 1;
    }
    let kind = ev.str_at("involvedObject.kind").unwrap_or("").to_ascii_lowercase();
    let name = ev.str_at("involvedObject.name").unwrap_or("");
    let target = if name.is_empty() { kind } else { format!("{kind}/{name}") };
    vec![
        last,
        ev.str_at("type").unwrap_or("").to_string(),
        ev.str_at("reason").unwrap_or("").to_string(),
        target,
        ev.str_at("involvedObject.fieldPath").unwrap_or("").to_string(),
        event_source(ev),
        ev.str_at("message").unwrap_or("").trim().to_string(),
        first,
        count.to_string(),
        ev.name().to_string(),
    ]
}
