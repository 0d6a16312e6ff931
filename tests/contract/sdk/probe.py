"""Calls the embedded backend the way an app does with the official `perplexityai` SDK, in its strict mode.

Run by tests/contract/sdks.test.ts with the project venv's Python: `probe.py <base_url> <api_key>`. Prints one
JSON object of what it got back; any response the SDK's models refuse raises, and the test fails with it.
"""
import json
import sys

from perplexity import Perplexity

base_url, api_key = sys.argv[1], sys.argv[2]
client = Perplexity(api_key=api_key, base_url=base_url, _strict_response_validation=True, max_retries=0)

whole = client.chat.completions.create(
    model="sonar",
    messages=[
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": [{"type": "text", "text": "What is "}, {"type": "text", "text": "Pulumi?"}]},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "Infrastructure as code."},
    ],
    max_tokens=None,
)

chunks = list(client.chat.completions.create(model="sonar-pro", messages=[{"role": "user", "content": "Stream it"}], stream=True, max_tokens=50))
search = client.search.create(query=["pulumi providers", "perplexity api"], max_results=2)

print(json.dumps({
    "whole": {"content": whole.choices[0].message.content, "delta": whole.choices[0].delta.content, "usage": whole.usage.total_tokens,
              "prompt_tokens": whole.usage.prompt_tokens, "total_cost": whole.usage.cost.total_cost},
    "stream": {"chunks": len(chunks), "text": "".join(c.choices[0].delta.content or "" for c in chunks),
               "usages": [c.usage.completion_tokens for c in chunks if c.usage is not None],
               "finish": [c.choices[0].finish_reason for c in chunks]},
    "search": {"id": search.id, "results": [r.title for r in search.results]},
}))
