//! Server-sent events from a response body (Anthropic, OpenAI).

use eventsource_stream::{Event, EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};

use crate::error::CoreError;
use crate::http::exchange::ByteStream;
use crate::providers::Provider;

pub fn events(
    provider: Provider,
    bytes: ByteStream,
) -> impl Stream<Item = Result<Event, CoreError>> + Send + Unpin {
    bytes.eventsource().map(move |item| {
        item.map_err(|err| match err {
            EventStreamError::Transport(err) => err,
            EventStreamError::Utf8(e) => {
                CoreError::unreadable(provider, "the stream is not UTF-8", &e.to_string())
            }
            EventStreamError::Parser(e) => {
                CoreError::unreadable(provider, "the stream is not valid SSE", &e.to_string())
            }
        })
    })
}
