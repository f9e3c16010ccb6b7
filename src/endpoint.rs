//! Which base URL a provider is reached at.

use crate::provider::Provider;

/// The provider's base URL without a trailing slash: its `*_BASE_URL` variable, else the default.
pub fn base_url(provider: Provider) -> String {
    std::env::var(provider.base_url_var())
        .ok()
        .map(|v| v.trim().trim_end_matches('/').to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| provider.default_base_url().to_string())
}
