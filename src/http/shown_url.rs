//! A URL as it may be shown (logs, errors, `config show`): a password in it is masked.
//!
//! `http://user:pw@gateway/v1` is a common way to reach a gateway behind basic auth; the
//! password is as secret as an API key, so it is replaced by `***` everywhere vibectl prints
//! the URL. The user name stays: it says which account is used.

/// `url` with its password (if any) replaced by `***`; text that is not a URL is unchanged.
pub fn shown(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// `text` with every occurrence of `url` in it shown masked.
pub fn masked_in(text: &str, url: &str) -> String {
    let masked = shown(url);
    if masked == url {
        text.to_string()
    } else {
        text.replace(url, &masked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_user_names_kept() {
        assert_eq!(
            shown("http://bob:hunter2@127.0.0.1:4000/v1"),
            "http://bob:***@127.0.0.1:4000/v1"
        );
        assert_eq!(shown("https://gw.example/v1"), "https://gw.example/v1");
        assert_eq!(shown("http://bob@gw/"), "http://bob@gw/");
        assert_eq!(shown("not a url"), "not a url");
        assert_eq!(
            masked_in("POST http://u:pw@h/v1/x failed", "http://u:pw@h/v1/x"),
            "POST http://u:***@h/v1/x failed"
        );
    }
}
