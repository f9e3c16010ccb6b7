//! The Python module `vibectl._core`, declared in one place; the only folder that uses PyO3.
//! Each file here mirrors a core module and converts at the edge: strings, seconds, Python
//! objects and exceptions in; core types out.

mod call_settings;
mod config;
mod context;
mod errors;
mod json;
mod keys;
mod line_filter;
mod logging;
mod memory;
mod model;
mod prompt;
mod registry;
mod stream;
mod sync;
mod types;

use pyo3::prelude::*;

// No doc comment: it would become the module's `__doc__`, which has none.
#[pymodule(gil_used = false)]
mod _core {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::call_settings::PyCallSettings;
    #[pymodule_export]
    use super::config::{
        atomic_write_text, config_adopt_legacy, config_files, config_get, config_migrate,
        config_replace, config_schema, config_set, config_show, config_unset, legacy_memory,
        load_settings, memory_path, state_dir, user_config_path, PyCliConfig, PyConfigFile,
        PyConfigKey, PyMigration,
    };
    #[pymodule_export]
    use super::context::{prepare_output, PyPreparedOutput};
    #[pymodule_export]
    use super::errors::{
        AuthenticationError, BadRequestError, ConfigError, InvalidKeyError, MissingKeyError,
        OverloadedError, ProviderError, ProviderTimeoutError, RateLimitError, ResponseFormatError,
        StreamInterruptedError, UnavailableError, UnknownModelError, VibectlError,
    };
    #[pymodule_export]
    use super::keys::{
        key_statuses, keys_check_live, keys_set, keys_set_file, keys_unset, secret_env_vars,
        PyKeyStatus, PyLiveCheck,
    };
    #[pymodule_export]
    use super::line_filter::PyLineFilter;
    #[pymodule_export]
    use super::logging::refresh_logging;
    #[pymodule_export]
    use super::memory::{memory_read, memory_update};
    #[pymodule_export]
    use super::model::{get_model, PyModel};
    #[pymodule_export]
    use super::prompt::{PyPrompt, PyResource, PyTool};
    #[pymodule_export]
    use super::registry::{list_models, PyModelInfo};
    #[pymodule_export]
    use super::stream::PyCompletionStream;
    #[pymodule_export]
    use super::types::{PyCompletion, PyMetrics, PyToolResult, PyUsage};

    #[pymodule_export]
    const DEFAULT_MODEL: &str = crate::llm::model::DEFAULT_MODEL;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        super::logging::init();
        m.setattr("__version__", env!("CARGO_PKG_VERSION"))?;
        super::errors::set_class_defaults(m.py())
    }
}
