//! Turning a provider's stream items (SSE events, NDJSON lines) into one chunk stream that
//! stops after `End` or after the first error.

use std::collections::VecDeque;

use futures_util::{Stream, StreamExt};

use crate::error::CoreError;
use crate::http::bounded::{reply_bytes, too_large, Cap};
use crate::llm::completion::{Chunk, ChunkStream};
use crate::providers::Provider;

/// A provider's stream decoder.
pub trait Decode: Send + 'static {
    type Item: Send;

    /// Read one item, queueing the chunks it completes (the `End` last).
    fn decode(&mut self, item: Self::Item, out: &mut VecDeque<Chunk>) -> Result<(), CoreError>;

    /// The stream ended: queue what completes the answer, or say why it is incomplete.
    fn finish(&mut self, out: &mut VecDeque<Chunk>) -> Result<(), CoreError>;

    /// Bytes held for chunks not complete yet (a tool call's arguments so far).
    fn held(&self) -> usize {
        0
    }
}

struct State<S, D> {
    items: S,
    decoder: D,
    queue: VecDeque<Chunk>,
    input_done: bool,
    done: bool,
}

/// The chunks of `items`. What the decoder holds for an unfinished chunk may not outgrow the
/// byte cap of a whole reply (`llm.max_reply_chars`), though every line is under its own cap:
/// a tool call's arguments streamed without end are an error, not memory.
pub fn chunk_stream<S, D>(items: S, decoder: D, provider: Provider, max_chars: usize) -> ChunkStream
where
    S: Stream<Item = Result<D::Item, CoreError>> + Send + Unpin + 'static,
    D: Decode,
{
    let state = State {
        items,
        decoder,
        queue: VecDeque::new(),
        input_done: false,
        done: false,
    };
    Box::pin(futures_util::stream::unfold(
        state,
        move |mut state| async move {
            loop {
                if let Some(chunk) = state.queue.pop_front() {
                    state.done |= matches!(chunk, Chunk::End { .. });
                    return Some((Ok(chunk), state));
                }
                if state.done || state.input_done {
                    return None;
                }
                let step = match state.items.next().await {
                    Some(Ok(item)) => state.decoder.decode(item, &mut state.queue).and_then(|()| {
                        let limit = reply_bytes(max_chars);
                        if state.decoder.held() > limit {
                            return Err(too_large(provider, Cap::Whole(limit), max_chars));
                        }
                        Ok(())
                    }),
                    Some(Err(err)) => Err(err),
                    None => {
                        state.input_done = true;
                        state.decoder.finish(&mut state.queue)
                    }
                };
                if let Err(err) = step {
                    state.done = true;
                    state.queue.clear();
                    return Some((Err(err), state));
                }
            }
        },
    ))
}
