"""A summarised kubectl command: run kubectl → build the prompt → ask the model → render."""

from __future__ import annotations

from vibectl import render
from vibectl.kubectl import KubectlNotFoundError, kubectl_argv, run_kubectl
from vibectl.prompts import summary_prompt

EXIT_LLM_FAILED = 1
EXIT_KUBECTL_MISSING = 127


def summarize_command(verb: str, args: list[str]) -> int:
    from vibectl import _core

    settings = _core.load_settings()
    argv = kubectl_argv(
        [verb, *args], kubectl=settings.kubectl_command, kubeconfig=settings.kubeconfig
    )
    try:
        result = run_kubectl(argv, hidden_env=_core.secret_env_vars())
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return EXIT_KUBECTL_MISSING
    if result.returncode != 0:
        render.raw("", result.stderr)
        return result.returncode

    # kubectl says "No resources found" on stderr with exit 0; that is the output to explain.
    output = result.stdout if result.stdout.strip() else result.stderr
    prompt = summary_prompt(result.argv, output)
    try:
        completion = _core.get_model().complete(prompt)
    except _core.VibectlError as exc:
        # The kubectl output is never lost: show it, then say why there is no summary.
        render.raw(result.stdout, result.stderr)
        render.error(str(exc))
        return EXIT_LLM_FAILED
    render.summary(completion.text)
    return 0
