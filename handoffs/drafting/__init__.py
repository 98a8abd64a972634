"""Drafting: turn a deal's sources into the eight packet fields with evidence.

`rules.RulesDrafter` needs no network and is the default; other drafters implement the same
`Drafter` protocol from `base`.
"""
