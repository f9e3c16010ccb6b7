//! Turning a provider's stream items (SSE events, NDJSON lines) into one chunk stream that
//! stops after `End` or after the first error.

use std::collections::VecDeque;

use futures_util::{Stream, StreamExt};

use crate::error::CoreError;
use crate::llm::completion::{Chunk, ChunkStream};

/// A provider's stream decoder.
pub trait Decode: Send + 'static {
    type Item: Send;

    /// Read one item, queueing the chunks it completes (the `End` last).
    fn decode(&mut self, item: Self::Item, out: &mut VecDeque<Chunk>) -> Result<(), CoreError>;

    /// The stream ended: queue what completes the answer, or say why it is incomplete.
    fn finish(&mut self, out: &mut VecDeque<Chunk>) -> Result<(), CoreError>;
}

struct State<S, D> {
    items: S,
    decoder: D,
    queue: VecDeque<Chunk>,
    input_done: bool,
    done: bool,
}

pub fn chunk_stream<S, D>(items: S, decoder: D) -> ChunkStream
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
        |mut state| async move {
            loop {
                if let Some(chunk) = state.queue.pop_front() {
                    state.done |= matches!(chunk, Chunk::End { .. });
                    return Some((Ok(chunk), state));
                }
                if state.done || state.input_done {
                    return None;
                }
                let step = match state.items.next().await {
                    Some(Ok(item)) => state.decoder.decode(item, &mut state.queue),
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
