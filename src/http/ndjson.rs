//! Newline-delimited JSON from a response body (Ollama): one JSON value per line.

use futures_util::{Stream, StreamExt};

use crate::error::CoreError;
use crate::http::exchange::ByteStream;
use crate::providers::Provider;

/// Cuts bytes into lines, whatever the chunk boundaries (even inside a UTF-8 character).
#[derive(Default)]
pub struct LineSplitter {
    pending: Vec<u8>,
}

impl LineSplitter {
    /// The lines `bytes` completes, without their line ends.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        let mut lines = Vec::new();
        for &byte in bytes {
            if byte == b'\n' {
                lines.push(std::mem::take(&mut self.pending));
            } else {
                self.pending.push(byte);
            }
        }
        lines
    }

    /// What is left after the last line end: a final line without one.
    pub fn finish(&mut self) -> Option<Vec<u8>> {
        (!self.pending.is_empty()).then(|| std::mem::take(&mut self.pending))
    }
}

/// The non-blank lines of the body, as text.
pub fn lines(
    provider: Provider,
    bytes: ByteStream,
) -> impl Stream<Item = Result<String, CoreError>> + Send + Unpin {
    let state = (Some(bytes), LineSplitter::default());
    futures_util::stream::unfold(state, move |(bytes, mut splitter)| async move {
        let mut bytes = bytes?;
        let raw: Vec<Vec<u8>> = match bytes.next().await {
            Some(Ok(chunk)) => splitter.push(&chunk),
            Some(Err(err)) => return Some((vec![Err(err)], (None, splitter))),
            None => {
                let last = splitter.finish().into_iter().collect();
                return Some((decode_all(provider, last), (None, splitter)));
            }
        };
        Some((decode_all(provider, raw), (Some(bytes), splitter)))
    })
    .flat_map(futures_util::stream::iter)
    .boxed()
}

fn decode_all(provider: Provider, raw: Vec<Vec<u8>>) -> Vec<Result<String, CoreError>> {
    raw.into_iter()
        .filter_map(|line| {
            let text = match String::from_utf8(line) {
                Ok(text) => text,
                Err(e) => {
                    return Some(Err(CoreError::unreadable(
                        provider,
                        "a line of the stream is not UTF-8",
                        &String::from_utf8_lossy(e.as_bytes()),
                    )))
                }
            };
            let text = text.trim();
            (!text.is_empty()).then(|| Ok(text.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split_all(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
        let mut splitter = LineSplitter::default();
        let mut lines = Vec::new();
        let mut start = 0;
        let mut points: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
        points.sort_unstable();
        for point in points.into_iter().chain([bytes.len()]) {
            lines.extend(splitter.push(&bytes[start..point]));
            start = point;
        }
        lines.extend(splitter.finish());
        lines
    }

    #[test]
    fn lines_survive_any_chunking() {
        let body = "{\"a\":\"é\"}\n\n{\"b\":2}\r\n{\"c\":3}".as_bytes();
        let whole = split_all(body, &[]);
        assert_eq!(whole.len(), 4);
        for cut in 0..=body.len() {
            assert_eq!(split_all(body, &[cut]), whole, "cut at {cut}");
        }
    }

    proptest! {
        #[test]
        fn chunk_boundaries_never_change_the_lines(
            bytes in proptest::collection::vec(any::<u8>(), 0..512),
            cuts in proptest::collection::vec(any::<usize>(), 0..8),
        ) {
            prop_assert_eq!(split_all(&bytes, &cuts), split_all(&bytes, &[]));
        }
    }
}
