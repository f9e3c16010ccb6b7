"""Print the names the older vibectl accepted for a model, as the `older_names` of the core's
src/llm/models.json: each name (a model id or an alias) with its provider and the model id llm
sent to that provider's API.

Run by the older vibectl's own interpreter (tests/tools/install-older-vibectl), where llm 0.36
(its OpenAI models, llm/default_plugins/openai_models.py) and llm-anthropic 0.30
(llm_anthropic.py) register them; the older vibectl passed its model name to `llm.get_model`,
which looks it up in exactly this table.
"""

from __future__ import annotations

import json
import sys

import llm  # type: ignore[import-not-found]

_PROVIDERS = {"llm.default_plugins.openai_models": "openai", "llm_anthropic": "anthropic"}


def _names() -> list[dict[str, str]]:
    rows = []
    for entry in llm.get_models_with_aliases():
        model = entry.model
        provider = _PROVIDERS[type(model).__module__]
        # llm-anthropic sends claude_model_id; llm's OpenAI models send model_name or model_id.
        api_id = getattr(model, "claude_model_id", None) or model.model_name or model.model_id
        for name in [model.model_id, *entry.aliases]:
            rows.append({"name": name.lower(), "provider": provider, "api_id": api_id})
    return rows


lines = ",\n".join(f"      {json.dumps(row)}" for row in _names())
sys.stdout.write(f"[\n{lines}\n    ]\n")
