//! What goes into a model call and what comes out, independent of any provider's wire format.

use std::pin::Pin;

use futures_util::Stream;

use crate::error::CoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub system: String,
    pub user: String,
    pub max_tokens: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub text: String,
    /// The model the provider says answered (it may differ from the alias asked for).
    pub model: String,
    pub stop_reason: Option<String>,
    pub usage: Usage,
}

/// One piece of a streamed completion: text as it arrives, then one `End`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    Text(String),
    End {
        usage: Usage,
        stop_reason: Option<String>,
    },
}

pub type ChunkStream = Pin<Box<dyn Stream<Item = Result<Chunk, CoreError>> + Send>>;
