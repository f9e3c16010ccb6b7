//! vibectl's core: everything between a prompt and a provider's answer, exposed as `vibectl._core`.

mod atomic_write;
mod config;
// Bound to Python once `src/py/` has it; until then only its tests use it.
#[allow(dead_code)]
mod context;
mod error;
mod http;
mod keys;
mod llm;
mod providers;
mod py;
