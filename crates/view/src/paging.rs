//! How an expanded PodGroup reveals its pods: one page at a time. A click on a group of 2,000
//! pods draws the first page and a "show more" node standing for the rest, so one click never
//! adds thousands of nodes to the drawing in one frame (each pod node is about ten SVG
//! elements; creating 2,000 of them took 0.9 s).
//!
//! The revealed count lives in the set of expanded ids the UI already keeps
//! ([`crate::GraphOptions::expanded_groups`]): the group id (`PodGroup/<ns>/<replicaset>`)
//! reveals the first page, and each "show more" node has its own id,
//! `PodGroup/<ns>/<replicaset>/<pods already shown>`, which — once expanded in turn — reveals
//! one more page. A node id never has a fourth `/` segment otherwise (names have no `/`).

use std::collections::BTreeSet;

/// Pods revealed per click on a group or its "show more" node.
pub const POD_PAGE: usize = 100;

/// The id of the node standing for the pods of group `gid` after the first `shown`.
pub fn more_id(gid: &str, shown: usize) -> String {
    format!("{gid}/{shown}")
}

/// If `id` is a "show more" node's id: the group id and how many pods come before it.
pub fn parse_more_id(id: &str) -> Option<(&str, usize)> {
    let (gid, n) = id.rsplit_once('/')?;
    if !gid.starts_with("PodGroup/") || gid.matches('/').count() != 2 || n.is_empty() {
        return None;
    }
    if !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((gid, n.parse().ok()?))
}

/// How many pods of group `gid` the user revealed: 0 while collapsed, `page` once the group
/// is expanded, `k + page` once the "show more" node after `k` pods is expanded (the largest
/// such count wins, so stale entries do no harm).
pub fn revealed(expanded: &BTreeSet<String>, gid: &str, page: usize) -> usize {
    let page = page.max(1);
    expanded
        .range::<str, _>((std::ops::Bound::Included(gid), std::ops::Bound::Unbounded))
        .take_while(|id| id.starts_with(gid))
        .filter_map(|id| {
            if id == gid {
                Some(page)
            } else {
                parse_more_id(id).filter(|(g, _)| *g == gid).map(|(_, k)| k.saturating_add(page))
            }
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn more_ids_round_trip() {
        assert_eq!(more_id("PodGroup/default/web-5d4f8c7b9", 100), "PodGroup/default/web-5d4f8c7b9/100");
        assert_eq!(
            parse_more_id("PodGroup/default/web-5d4f8c7b9/100"),
            Some(("PodGroup/default/web-5d4f8c7b9", 100))
        );
        assert_eq!(parse_more_id("PodGroup/default/web-5d4f8c7b9"), None);
        assert_eq!(parse_more_id("Pod/default/web-5d4f8c7b9/100"), None);
        assert_eq!(parse_more_id("PodGroup/default/web/1x"), None);
        assert_eq!(parse_more_id("PodGroup/default/web/"), None);
        assert_eq!(parse_more_id("PodGroup/default/web/+1"), None);
        assert_eq!(parse_more_id("PodGroup/default/web/99999999999999999999999"), None);
    }

    #[test]
    fn pages_accumulate_per_group() {
        let g = "PodGroup/default/api-6b8d9c7f5";
        assert_eq!(revealed(&set(&[]), g, 100), 0);
        assert_eq!(revealed(&set(&[g]), g, 100), 100);
        let e = set(&[g, "PodGroup/default/api-6b8d9c7f5/100", "PodGroup/default/api-6b8d9c7f5/200"]);
        assert_eq!(revealed(&e, g, 100), 300);
        // Another group whose name starts the same is not counted.
        let e = set(&["PodGroup/default/api-6b8d9c7f5-x", "PodGroup/default/api-6b8d9c7f5-x/100"]);
        assert_eq!(revealed(&e, g, 100), 0);
        // A "show more" id counts even if the group id itself was toggled off meanwhile.
        assert_eq!(revealed(&set(&["PodGroup/default/api-6b8d9c7f5/100"]), g, 100), 200);
        // A page of 0 would never reveal anything: treated as 1.
        assert_eq!(revealed(&set(&[g]), g, 0), 1);
        let far = set(&[&more_id(g, usize::MAX)]);
        assert_eq!(revealed(&far, g, 100), usize::MAX);
    }
}
