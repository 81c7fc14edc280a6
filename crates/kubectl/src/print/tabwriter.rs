//! Go's `text/tabwriter` semantics (as kubectl configures it): cells are tab-terminated, the text
//! after the last tab of a line is not part of any column, columns are laid out per column block
//! (a run of consecutive lines having that column), widths are counted in runes.

/// kubectl `get` tables (cli-runtime `GetNewTabWriter`): minwidth 6, padding 3.
pub const TABLE: (usize, usize) = (6, 3);
/// `kubectl describe` and `rollout history`: minwidth 0, padding 2.
pub const DESCRIBE: (usize, usize) = (0, 2);

struct Layout<'a> {
    lines: Vec<Vec<&'a str>>,
    minwidth: usize,
    padding: usize,
    out: String,
    /// Whether the input ended with a newline (the last line is then complete).
    last_complete: bool,
}

fn width(s: &str) -> usize {
    s.chars().count()
}

impl Layout<'_> {
    fn write_lines(&mut self, widths: &[usize], from: usize, to: usize) {
        for i in from..to {
            let line = &self.lines[i];
            for (j, cell) in line.iter().enumerate() {
                self.out.push_str(cell);
                if let Some(w) = widths.get(j) {
                    let pad = w.saturating_sub(width(cell));
                    self.out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            if i + 1 < self.lines.len() || self.last_complete {
                self.out.push('\n');
            }
        }
    }

    // The column-block recursion of Go's `(*Writer).format`.
    fn format(&mut self, widths: &mut Vec<usize>, line0: usize, line1: usize) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            self.write_lines(widths, start, this);
            start = this;
            let mut w = self.minwidth;
            while this < line1 {
                let line = &self.lines[this];
                if column + 1 >= line.len() {
                    break;
                }
                w = w.max(width(line[column]) + self.padding);
                this += 1;
            }
            widths.push(w);
            self.format(widths, start, this);
            widths.pop();
            start = this;
        }
        self.write_lines(widths, start, line1);
    }
}

/// Aligns `text` (lines of tab-terminated cells) as Go's tabwriter with pad char ' ' does.
pub fn align(text: &str, minwidth: usize, padding: usize) -> String {
    let last_complete = text.ends_with('\n');
    let body = if last_complete { &text[..text.len() - 1] } else { text };
    if text.is_empty() {
        return String::new();
    }
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let n = lines.len();
    let mut l =
        Layout { lines, minwidth, padding, out: String::with_capacity(text.len() * 2), last_complete };
    l.format(&mut Vec::new(), 0, n);
    l.out
}

/// `align` with kubectl's table settings.
pub fn table(text: &str) -> String {
    align(text, TABLE.0, TABLE.1)
}

/// `align` with kubectl describe's settings.
pub fn describe(text: &str) -> String {
    align(text, DESCRIBE.0, DESCRIBE.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn table_header_matches_kubectl() {
        // §8.1: min width 6, padding 3, last column unpadded.
        let t = table("NAME\tREADY\tSTATUS\tRESTARTS\tAGE\nweb-1\t1/1\tRunning\t0\t5s\n");
        assert_eq!(t, "NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          5s\n");
    }

    #[test]
    fn column_blocks_break_on_lines_without_that_column() {
        // The §8.7 Deployment example: `Pod Template:` (no tab) ends the first block.
        let t = describe("Name:\tweb\nRollingUpdateStrategy:\tx\nPod Template:\n  Labels:\tapp=web\n");
        assert_eq!(
            t,
            "Name:                   web\nRollingUpdateStrategy:  x\nPod Template:\n  Labels:  app=web\n"
        );
    }

    #[test]
    fn widths_count_runes() {
        assert_eq!(describe("é:\tx\nab:\ty\n"), "é:   x\nab:  y\n");
    }
}
