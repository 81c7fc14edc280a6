//! The vocabulary every engine crate shares.
//!
//! Objects are plain JSON trees ([`Object`] = `serde_json::Value`, keys sorted) so that every field a
//! user wrote survives a round trip, exactly as the real API server keeps unknown-to-us fields of
//! known kinds. Typed access goes through the small helpers in [`object`]. Nothing here does IO,
//! reads a clock or an OS random source: time is [`time::SimTime`], randomness is [`rng::SimRng`].

pub mod base64;
pub mod errors;
pub mod intstr;
pub mod names;
pub mod object;
pub mod pod;
pub mod pod_index;
pub mod pod_status;
pub mod quantity;
pub mod resource;
pub mod rng;
pub mod selector;
pub mod store;
pub mod time;
pub mod write;

pub use errors::{ApiError, FieldError, FieldErrorType, Reason};
pub use object::{Object, ObjectExt, ObjectRef};
pub use resource::{ResourceType, RESOURCES};
pub use rng::SimRng;
pub use selector::LabelSelector;
pub use store::Store;
pub use time::SimTime;
pub use write::{ObjectWrite, WriteOp};

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
