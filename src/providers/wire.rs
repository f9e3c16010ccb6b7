//! What each provider's wire format supplies — every fact about the provider, stated once on
//! its type — and the two calls every format makes the same way: the whole answer as JSON, or
//! a stream.

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use serde_json::{json, Value};

use crate::error::CoreError;
use crate::http::exchange::{post, read_text, stream_body, ByteStream, Target};
use crate::keys::check::KeyShape;
use crate::keys::ResolvedKey;
use crate::llm::completion::{ChunkStream, Completion, Repair, Request};
use crate::llm::tool::StructuredMode;

pub trait WireFormat {
    /// The variable other tools already use for the provider's address (the SDKs', Ollama's).
    const BASE_URL_VAR: &'static str;

    /// Where the provider is reached when nothing else is set.
    const DEFAULT_BASE_URL: &'static str;

    /// A current model, used when no model is configured and this provider is set up.
    const DEFAULT_MODEL: &'static str;

    /// Whether a call needs a key; one that is set is always sent (e.g. to Ollama behind a proxy).
    const NEEDS_KEY: bool;

    /// What the provider's own keys look like; None when a key may look like anything.
    const KEY_SHAPE: Option<KeyShape>;

    /// How a model the registry does not list gives structured output.
    const STRUCTURED_MODE: StructuredMode;

    /// `BASE_URL_VAR`'s value as a base URL, read the way the provider's own tools read it.
    fn base_url_from_var(value: &str) -> String {
        value.to_string()
    }

    /// Where chat requests go, for a base URL without a trailing slash.
    fn url(base_url: &str) -> String;

    /// What the live key check reads: the model list, cheap and authenticated like a call.
    fn models_url(base_url: &str) -> String;

    /// The key (when there is one) and the headers every request carries, the key marked
    /// sensitive.
    fn headers(key: Option<&ResolvedKey>) -> Result<HeaderMap, CoreError>;

    /// The request's first turns: the user's, and the system prompt where it is a turn.
    fn opening(req: &Request) -> Vec<Value>;

    /// A wrong answer sent back, then what is wrong with it.
    fn repair_turns(repair: &Repair) -> [Value; 2];

    /// The whole request body around its `messages`.
    fn body(model: &str, req: &Request, messages: Vec<Value>, stream: bool) -> Value;

    /// An error body's type and message, when `body` is one.
    fn read_error(body: &str) -> Option<(String, String)>;

    /// A whole JSON answer.
    fn parse(body: &str) -> Result<Completion, CoreError>;

    /// A streamed answer, whose text may be `max_chars` characters long.
    fn decode(bytes: ByteStream, max_chars: usize) -> ChunkStream;
}

pub async fn complete<W: WireFormat>(
    target: &Target<'_>,
    req: &Request,
) -> Result<Completion, CoreError> {
    let response = send::<W>(target, req, false).await?;
    W::parse(&read_text(target, response).await?)
}

/// A streamed answer. A server that answers the stream request with one whole JSON body
/// (llm-katan does when tools are present) has given the answer: it is read as one.
pub async fn stream<W: WireFormat>(
    target: &Target<'_>,
    req: &Request,
) -> Result<ChunkStream, CoreError> {
    let response = send::<W>(target, req, true).await?;
    if !is_json(response.headers()) {
        return Ok(W::decode(
            stream_body(target, response),
            target.max_reply_chars,
        ));
    }
    let body = read_text(target, response).await?;
    if !body.trim_start().starts_with('{') {
        // Events under the wrong content type: decode them as the stream they are.
        let bytes: ByteStream = Box::pin(futures_util::stream::iter([Ok(Bytes::from(body))]));
        return Ok(W::decode(bytes, target.max_reply_chars));
    }
    let chunks = W::parse(&body)?.into_chunks().into_iter().map(Ok);
    Ok(Box::pin(futures_util::stream::iter(chunks)))
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            let kind = value.split(';').next().unwrap_or("").trim();
            kind.eq_ignore_ascii_case("application/json")
        })
}

/// The body `W` sends for `req`: its opening turns, then the repair turns when there are any.
pub fn request_body<W: WireFormat>(model: &str, req: &Request, stream: bool) -> Value {
    let mut messages = W::opening(req);
    if let Some(repair) = &req.repair {
        messages.extend(W::repair_turns(repair));
    }
    W::body(model, req, messages, stream)
}

/// The opening of the chat APIs that take the system prompt as a turn (OpenAI, Ollama).
pub fn system_and_user(req: &Request) -> Vec<Value> {
    vec![
        json!({"role": "system", "content": req.system_text()}),
        json!({"role": "user", "content": req.user}),
    ]
}

/// A text answer and what is wrong with it, as turns every API accepts.
pub fn text_repair(text: &str, error: &str) -> [Value; 2] {
    // Anthropic refuses an empty text block.
    let said = if text.trim().is_empty() {
        "(no answer)"
    } else {
        text
    };
    [
        json!({"role": "assistant", "content": said}),
        json!({"role": "user", "content": error}),
    ]
}

async fn send<W: WireFormat>(
    target: &Target<'_>,
    req: &Request,
    stream: bool,
) -> Result<reqwest::Response, CoreError> {
    let headers = W::headers(target.key)?;
    let body = request_body::<W>(target.api_id, req, stream);
    post(
        target,
        &W::url(target.base_url),
        headers,
        &body,
        W::read_error,
    )
    .await
}
