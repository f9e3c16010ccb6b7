//! The `llm` tool's model aliases (`llm aliases set NAME MODEL`), read-only, so a name the older
//! vibectl took through llm keeps working.
//!
//! llm keeps them in `aliases.json` in its user dir: one JSON object, alias to model id, written
//! by `llm.set_alias` as `json.dumps(aliases, indent=4)` (simonw/llm, `llm/__init__.py`; llm
//! 0.36 as the older vibectl installed it). The model id is llm's (`anthropic/claude-…`, an
//! Ollama name) or, when llm did not know the model, the text the user gave. A file that is not
//! such an object is ignored with one warning: llm itself would fail on it.

use std::collections::HashMap;
use std::path::Path;

use crate::regular_file::{read_optional_text, CONFIG_CAP};

/// The aliases in the file at `path`; none when it does not exist or cannot be used.
pub fn read(path: &Path) -> HashMap<String, String> {
    match parse(path) {
        Ok(aliases) => aliases,
        Err(why) => {
            log::warn!(
                "the llm tool's aliases in {} are ignored: the file {why}",
                path.display()
            );
            HashMap::new()
        }
    }
}

fn parse(path: &Path) -> Result<HashMap<String, String>, String> {
    let Some(text) = read_optional_text(path, CONFIG_CAP).map_err(|e| e.to_string())? else {
        return Ok(HashMap::new());
    };
    let entries: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|_| "is not a JSON object".to_string())?;
    let (names, other): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(_, v)| v.is_string());
    if let Some((alias, _)) = other.first() {
        log::warn!(
            "the llm tool's alias {alias:?} in {} is ignored: its model is not a string",
            path.display()
        );
    }
    Ok(names
        .into_iter()
        .filter_map(|(alias, model)| Some((alias, model.as_str()?.trim().to_string())))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_as_llm_writes_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aliases.json");
        // `llm aliases set fast claude-3.5-haiku` with llm-anthropic 0.30, then an unknown one.
        std::fs::write(
            &path,
            "{\n    \"fast\": \"anthropic/claude-3-5-haiku-latest\",\n    \"mine\": \"some-model\"\n}\n",
        )
        .unwrap();
        let aliases = read(&path);
        assert_eq!(aliases["fast"], "anthropic/claude-3-5-haiku-latest");
        assert_eq!(aliases["mine"], "some-model");
        assert!(read(&dir.path().join("none.json")).is_empty());
    }

    #[test]
    fn a_file_that_cannot_be_used_gives_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aliases.json");
        for bad in ["", "{", "[\"fast\"]", "\"fast\"", "null"] {
            std::fs::write(&path, bad).unwrap();
            assert!(read(&path).is_empty(), "{bad:?}");
            assert!(parse(&path).is_err(), "{bad:?}");
        }
        std::fs::write(&path, r#"{"fast": 3, "ok": "gpt-4o", "list": ["x"]}"#).unwrap();
        assert_eq!(
            read(&path),
            HashMap::from([("ok".to_string(), "gpt-4o".to_string())])
        );
        std::fs::write(&path, vec![b' '; CONFIG_CAP as usize + 1]).unwrap();
        assert!(parse(&path).unwrap_err().contains("larger than 1 MiB"));
        assert!(parse(dir.path()).unwrap_err().contains("directory"));
    }
}
