//! Test harness of the generated service crates (a dev-dependency only).
//!
//! * [`json`]: JSON equality as the SDK's round trips need it (absent and `null` alike, numbers
//!   by value, integers exactly).
//! * [`wire`]: the example-driven wire test of one operation. `cargo xtask codegen` writes a
//!   `tests/<version>_wire.rs` per generated crate with one test per operation: a [`wire::Case`]
//!   (the operation's method, path, parameters, documented request example and documented
//!   responses, taken from the model) and a call through the crate's generated `invoke`. The
//!   harness starts a mock server, sends the example, checks what arrives, then answers with
//!   each documented response in turn and checks what the client makes of it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod json;
pub mod models;
pub mod wire;
