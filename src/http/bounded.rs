//! Every response body is read under a byte cap, so no server can make vibectl hold more than
//! `llm.max_reply_chars` allows: the one place the caps are stated and enforced.

use futures_util::StreamExt;

use crate::error::CoreError;
use crate::http::exchange::ByteStream;
use crate::providers::Provider;

/// How much of an error body is read: more than any provider's message; the status is
/// reported whatever the body holds.
pub const ERROR_BODY_CAP: usize = 64 * 1024;

/// The byte cap of a reply whose text may be `max_chars` characters long: four bytes a
/// character (a UTF-8 sequence or a JSON escape such as `\n`) and 1 MiB for what surrounds
/// the text (the JSON envelope, a stream's event framing).
pub fn reply_bytes(max_chars: usize) -> usize {
    max_chars.saturating_mul(4).saturating_add(1 << 20)
}

/// How a body is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// A reply read to its end before it is used (a JSON answer, a collected stream): at most
    /// this many bytes in all.
    Whole(usize),
    /// A stream shown as it comes (its text is cut at `llm.max_reply_chars` by the reader):
    /// at most this many bytes without a line end, so no single event grows without bound.
    Line(usize),
}

/// The body up to `cap` bytes, and whether it went on past them (the rest is never read; the
/// connection is closed when the stream is dropped).
pub async fn read_at_most(mut body: ByteStream, cap: usize) -> Result<(Vec<u8>, bool), CoreError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        let room = cap - bytes.len();
        if chunk.len() > room {
            bytes.extend_from_slice(&chunk[..room]);
            return Ok((bytes, true));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok((bytes, false))
}

/// `body` ending with an error once it goes past `cap`.
pub fn capped(provider: Provider, body: ByteStream, cap: Cap, max_chars: usize) -> ByteStream {
    Box::pin(futures_util::stream::unfold(
        (Some(body), 0usize),
        move |(body, mut counted)| async move {
            let mut body = body?;
            let chunk = match body.next().await? {
                Ok(chunk) => chunk,
                Err(err) => return Some((Err(err), (None, counted))),
            };
            let over = match cap {
                Cap::Whole(limit) => {
                    counted += chunk.len();
                    counted > limit
                }
                Cap::Line(limit) => {
                    // The chunk's first line continues the one before it.
                    let mut lines = chunk.split(|&b| b == b'\n');
                    counted += lines.next().map_or(0, <[u8]>::len);
                    let mut longest = counted;
                    for line in lines {
                        counted = line.len();
                        longest = longest.max(counted);
                    }
                    longest > limit
                }
            };
            if over {
                return Some((Err(too_large(provider, cap, max_chars)), (None, counted)));
            }
            Some((Ok(chunk), (Some(body), counted)))
        },
    ))
}

/// A reply over its cap, as an error that names the setting that allows more.
pub fn too_large(provider: Provider, cap: Cap, max_chars: usize) -> CoreError {
    let (what, limit) = match cap {
        Cap::Whole(limit) => ("a reply", limit),
        Cap::Line(limit) => ("a stream line", limit),
    };
    CoreError::ReplyTooLarge {
        provider: provider.to_string(),
        what,
        limit,
        max_chars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn body(chunks: &[&'static [u8]]) -> ByteStream {
        let chunks: Vec<Result<Bytes, CoreError>> =
            chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        Box::pin(futures_util::stream::iter(chunks))
    }

    async fn through(chunks: &[&'static [u8]], cap: Cap) -> Result<usize, String> {
        let mut stream = capped(Provider::OpenAI, body(chunks), cap, 1000);
        let mut total = 0;
        while let Some(chunk) = stream.next().await {
            total += chunk.map_err(|e| e.to_string())?.len();
        }
        Ok(total)
    }

    #[tokio::test]
    async fn a_whole_body_is_read_up_to_its_cap_and_no_further() {
        assert_eq!(
            read_at_most(body(&[b"abc", b"def"]), 6).await.unwrap(),
            (b"abcdef".to_vec(), false)
        );
        assert_eq!(
            read_at_most(body(&[b"abc", b"defg", b"never"]), 5)
                .await
                .unwrap(),
            (b"abcde".to_vec(), true)
        );
        assert_eq!(through(&[b"abc", b"def"], Cap::Whole(6)).await, Ok(6));
        let err = through(&[b"abc", b"defg"], Cap::Whole(6))
            .await
            .unwrap_err();
        assert!(
            err.contains("sent a reply over 6 bytes, more than llm.max_reply_chars = 1000 allows"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn a_stream_may_be_long_but_no_line_of_it() {
        let lines: &[&[u8]] = &[b"abcd\nab", b"cd\n", b"abcd\nabcd\n"];
        assert_eq!(through(lines, Cap::Line(4)).await, Ok(20));
        for long in [
            &[b"abc" as &[u8], b"de\n"] as &[&[u8]],
            &[b"ab\nabcde\nab"],
            &[b"abcde"],
        ] {
            let err = through(long, Cap::Line(4)).await.unwrap_err();
            assert!(err.contains("sent a stream line over 4 bytes"), "{err}");
        }
    }
}
