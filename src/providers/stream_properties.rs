//! Property tests of the stream decoders: any bytes, cut anywhere, never panic, and a real
//! body reads the same however its chunks are cut.

use bytes::Bytes;
use futures_util::StreamExt;
use proptest::prelude::*;

use crate::http::bounded::reply_bytes;
use crate::http::exchange::ByteStream;
use crate::llm::completion::{Chunk, ChunkStream};
use crate::providers::anthropic::Anthropic;
use crate::providers::ollama::Ollama;
use crate::providers::openai::OpenAI;
use crate::providers::wire::WireFormat;

type Decoder = fn(ByteStream, usize) -> ChunkStream;

/// `llm.max_reply_chars` as configured by default.
const MAX_CHARS: usize = 200_000;

const DECODERS: [(&str, Decoder); 3] = [
    ("anthropic", Anthropic::decode),
    ("openai", OpenAI::decode),
    ("ollama", Ollama::decode),
];

/// `body` cut at `cuts`, through `decode`; errors as their messages.
fn run(decode: Decoder, body: &[u8], cuts: &[usize]) -> Vec<Result<Chunk, String>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (body.len() + 1)).collect();
    points.sort_unstable();
    points.push(body.len());
    let mut pieces = Vec::new();
    let mut start = 0;
    for point in points {
        pieces.push(Ok(Bytes::copy_from_slice(&body[start..point])));
        start = point;
    }
    let bytes: ByteStream = Box::pin(futures_util::stream::iter(pieces));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(
        decode(bytes, MAX_CHARS)
            .map(|item| item.map_err(|e| e.to_string()))
            .collect(),
    )
}

/// A stream ends with exactly one `End` or one error, and nothing follows it.
fn well_ended(items: &[Result<Chunk, String>]) -> bool {
    let last_is_final = matches!(items.last(), Some(Err(_)) | Some(Ok(Chunk::End { .. })));
    let finals = items
        .iter()
        .filter(|i| matches!(i, Err(_) | Ok(Chunk::End { .. })))
        .count();
    last_is_final && finals == 1
}

const ANTHROPIC_BODY: &str = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":3}}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"h\u{e9}llo \"}}\n\n\
event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"plan\",\"input\":{}}}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":1}\"}}\n\n\
event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n\
event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

const OPENAI_BODY: &str = "data: {\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"h\u{e9}llo \"}}]}\n\n\
data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"plan\",\"arguments\":\"{\\\"a\\\"\"}}]}}]}\n\n\
data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n\
data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n\
data: [DONE]\n\n";

const OLLAMA_BODY: &str = "{\"model\":\"m\",\"message\":{\"content\":\"h\u{e9}llo \"},\"done\":false}\n\
{\"model\":\"m\",\"message\":{\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"plan\",\"arguments\":{\"a\":1}}}]},\"done\":false}\n\
{\"model\":\"m\",\"message\":{\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":2}\n";

#[test]
fn each_real_body_decodes_to_text_a_tool_call_and_end() {
    for ((name, decode), body) in DECODERS
        .iter()
        .zip([ANTHROPIC_BODY, OPENAI_BODY, OLLAMA_BODY])
    {
        let items = run(*decode, body.as_bytes(), &[]);
        assert_eq!(items.len(), 3, "{name}: {items:?}");
        assert_eq!(items[0], Ok(Chunk::Text("h\u{e9}llo ".into())), "{name}");
        assert!(
            matches!(&items[1], Ok(Chunk::ToolCall(c)) if c.arguments == r#"{"a":1}"#),
            "{name}: {items:?}"
        );
        assert!(well_ended(&items), "{name}: {items:?}");
    }
}

/// A tool call whose arguments stream on and on, each event under the line cap.
fn endless_tool_call(name: &str) -> String {
    let piece = "x".repeat(1000);
    let (start, delta) = match name {
        "anthropic" => (
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"plan\",\"input\":{}}}\n\n".to_string(),
            format!("event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"input_json_delta\",\"partial_json\":\"{piece}\"}}}}\n\n"),
        ),
        _ => (
            String::new(),
            format!("data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"tool_calls\":[{{\"index\":0,\"function\":{{\"arguments\":\"{piece}\"}}}}]}}}}]}}\n\n"),
        ),
    };
    start + &delta.repeat(2 * reply_bytes(MAX_CHARS) / 1000)
}

#[test]
fn a_tool_call_streamed_without_end_is_an_error_past_the_reply_cap() {
    for (name, decode) in &DECODERS[..2] {
        let items = run(*decode, endless_tool_call(name).as_bytes(), &[]);
        let last = items.last().cloned();
        assert!(
            matches!(&last, Some(Err(e)) if e.contains("llm.max_reply_chars")),
            "{name}: {last:?}"
        );
        assert_eq!(items.len(), 1, "{name}: nothing before the error");
    }
}

proptest! {
    #[test]
    fn any_bytes_cut_anywhere_never_panic_and_end_once(
        body in proptest::collection::vec(any::<u8>(), 0..400),
        cuts in proptest::collection::vec(any::<usize>(), 0..6),
    ) {
        for (name, decode) in DECODERS {
            let items = run(decode, &body, &cuts);
            prop_assert!(well_ended(&items), "{}: {:?}", name, items);
        }
    }

    #[test]
    fn chunk_boundaries_never_change_a_real_body(cuts in proptest::collection::vec(any::<usize>(), 1..12)) {
        for ((name, decode), body) in DECODERS.iter().zip([ANTHROPIC_BODY, OPENAI_BODY, OLLAMA_BODY]) {
            let whole = run(*decode, body.as_bytes(), &[]);
            prop_assert_eq!(run(*decode, body.as_bytes(), &cuts), whole, "{}", name);
        }
    }

    #[test]
    fn a_real_body_cut_short_is_an_error_never_a_silent_end(len in 0usize..400) {
        for ((name, decode), body) in DECODERS.iter().zip([ANTHROPIC_BODY, OPENAI_BODY, OLLAMA_BODY]) {
            // Without its last two bytes no body is complete (NDJSON needs no final newline).
            let short = &body.as_bytes()[..len.min(body.len() - 2)];
            let items = run(*decode, short, &[]);
            prop_assert!(matches!(items.last(), Some(Err(_))), "{}: {:?}", name, items);
        }
    }
}
