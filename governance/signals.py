"""What the definitions layer announces; handoffs listens (governance never imports it)."""

from django.dispatch import Signal

# version, by: a field-definitions version was published, inside the publishing transaction
# (handoffs re-derives every open packet with it).
definitions_published = Signal()
