//! `kubectl get` tables: the server-side column sets of `printers.go` and kubectl's table printer
//! options (`-o wide`, `-A`, `--show-labels`, `-L`, `--no-headers`, kind prefixes).

use kubeplay_model::{Object, SimTime};

/// A table column. Priority 0 columns always print; priority 1 only with `-o wide`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub priority: u8,
}

/// One row: its cells (already filtered to the visible columns) and the object's identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<String>,
    pub namespace: String,
    pub name: String,
}

/// A table ready to render: only the visible columns, in order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub no_headers: bool,
}

/// kubectl's human-readable printer flags.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TableOptions {
    /// `-o wide`: add the priority-1 columns.
    pub wide: bool,
    /// `--show-labels`: append `LABELS`.
    pub show_labels: bool,
    /// `-A`: prepend `NAMESPACE`.
    pub with_namespace: bool,
    /// Several kinds in one `get` (e.g. `get all`): names print as `deployment.apps/web`.
    pub with_kind_prefix: bool,
    /// `--no-headers`.
    pub no_headers: bool,
    /// `-L key1,key2`: one upper-cased column per key, after the others.
    pub label_columns: Vec<String>,
}

/// The table `kubectl get <resource>` prints for `objs` (plural resource name, e.g. `pods`).
/// Unknown resources get the generic `NAME AGE` table.
pub fn table_for(resource: &str, objs: &[&Object], now: SimTime, opts: &TableOptions) -> Table {
    let _ = (resource, objs, now, opts);
    Table::default()
}

/// Renders one table with kubectl's tabwriter (minwidth 6, padding 3). Ends with a newline
/// unless the table is empty and headerless.
pub fn render_table(t: &Table) -> String {
    let _ = t;
    String::new()
}

/// Several tables (one per kind, as `kubectl get all` prints them), separated by a blank line.
pub fn render_tables(tables: &[Table]) -> String {
    tables.iter().map(render_table).collect::<Vec<_>>().join("\n")
}
