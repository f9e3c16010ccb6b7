"""Parts of the test suite nobody here wrote: a LiteLLM proxy, llm-katan and the providers'
official SDKs, pinned, each run or used as the real thing."""
