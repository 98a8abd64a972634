"""Drafting: turn a deal's sources into the eight packet fields with evidence.

`rules.RulesDrafter` needs no network and is the default; `llm.LlmDrafter` drafts with an
OpenAI-compatible model and falls back to the rules drafter. Both implement the `Drafter`
protocol from `base`; `registry.drafter_for` picks one per packet.
"""
