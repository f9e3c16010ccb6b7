//! Keys out of error text. Servers echo keys: llm-katan names the key it got and the one it
//! wanted, gateways quote the token they refused. Whatever a server says goes through here
//! before it reaches an error message.

const MASK: &str = "[masked key]";

/// `text` with the key that was sent, anything shaped like an API key (`sk-…`, `sk_…`) and
/// any bearer token replaced by a mask.
pub fn mask_keys(text: &str, sent: Option<&str>) -> String {
    let text = match sent {
        // A very short "key" would mask ordinary words; such keys are refused elsewhere.
        Some(key) if key.len() >= 8 => text.replace(key, MASK),
        _ => text.to_string(),
    };
    let mut out = String::with_capacity(text.len());
    let mut after_bearer = false;
    for piece in split_keeping_separators(&text) {
        let is_token = piece.chars().all(token_char);
        if is_token && (after_bearer && piece.len() >= 8 || looks_like_a_key(piece)) {
            out.push_str(MASK);
        } else {
            out.push_str(piece);
        }
        if is_token {
            after_bearer = piece.eq_ignore_ascii_case("bearer");
        }
    }
    out
}

fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

fn looks_like_a_key(token: &str) -> bool {
    let rest = token
        .strip_prefix("sk-")
        .or_else(|| token.strip_prefix("sk_"));
    rest.is_some_and(|rest| rest.len() >= 12 && rest.chars().any(|c| c.is_ascii_digit()))
}

/// `text` as alternating runs of token characters and of everything else.
fn split_keeping_separators(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_token = None;
    for (index, c) in text.char_indices() {
        let now = token_char(c);
        if in_token.is_some_and(|was| was != now) {
            pieces.push(&text[start..index]);
            start = index;
        }
        in_token = Some(now);
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_sent_and_key_shaped_tokens_are_masked() {
        let said = "invalid API key for anthropic: got 'abc-own-key-123456', expected 'sk-ant-katan-6f8b0d2a4c6e8b0d'";
        assert_eq!(
            mask_keys(said, Some("abc-own-key-123456")),
            "invalid API key for anthropic: got '[masked key]', expected '[masked key]'"
        );
        assert_eq!(
            mask_keys("Authorization: Bearer tok.en-9999xyz refused", None),
            "Authorization: Bearer [masked key] refused"
        );
        assert_eq!(
            mask_keys("token sk_live_0123456789abcdef!", None),
            "token [masked key]!"
        );
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        let said = "litellm.UnsupportedParamsError: sk-learn and tool_choice='required' (request-id req_01)";
        assert_eq!(mask_keys(said, None), said);
        assert_eq!(mask_keys("short key abc", Some("abc")), "short key abc");
        assert_eq!(mask_keys("héllo — ünïcode", None), "héllo — ünïcode");
    }
}
