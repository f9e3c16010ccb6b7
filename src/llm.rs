//! Models and what a call to one is made of: the registry, call settings, prompts, tools,
//! structured output, the retry layer, fallbacks and metrics. No wire format lives here.

pub mod call_settings;
pub mod completion;
pub mod fallback;
pub mod json_schema;
pub mod metrics;
pub mod model;
pub mod negotiated;
pub mod prompt;
pub mod registry;
pub mod retry;
pub mod structured;
pub mod tool;
