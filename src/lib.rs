//! vibectl's core: everything between a prompt and a provider's answer, exposed as `vibectl._core`.

mod atomic_write;
mod config;
mod context;
mod error;
mod file_lock;
mod http;
mod keys;
mod llm;
mod memory;
mod providers;
mod py;
mod regular_file;
