//! kubectl's printers: tables (`get`), describe, `-o yaml|json|name|jsonpath|custom-columns|go-template`.
//!
//! Every printer is a pure function from objects (as the API server stores them) and the virtual
//! clock to the exact bytes kubectl v1.33 prints.

pub mod custom_columns;
pub mod describe;
pub mod events;
pub mod go_template;
pub mod jsonpath;
pub mod name;
pub mod pod_status;
pub mod rollout;
pub mod table;
pub mod tabwriter;
pub mod top;
pub mod yaml_json;

mod gofmt;
#[cfg(test)]
mod golden;
mod kinds;
mod util;

pub use custom_columns::custom_columns;
pub use describe::{describe, DescribeContext};
pub use go_template::go_template;
pub use jsonpath::{jsonpath, jsonpath_as_json};
pub use kinds::has_printer;
pub use name::{confirmation, name_line, DryRun};
pub use table::{render_table, render_tables, table_for, Column, Row, Table, TableOptions};
pub use yaml_json::{list_of, to_json_output, to_yaml_output};
