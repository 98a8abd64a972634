"""Everything people do on a packet, as API calls that use the same services as the pages.

Each action: 404 if the packet is not visible to the caller, 403 if their role may not act on
it, 409 if its state does not allow the act (or someone changed it first), 400 for bad input;
refusals are raised and answered by the one mapping (`accounts.api_errors`). The reply is the
packet as it is afterwards.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.errors import RoleRefused
from accounts.models import Role, User
from accounts.policies import allows, editing_hand
from governance.selectors import field_definitions
from handoffs.api.serializers import PacketSerializer
from handoffs.field_forms import form_for
from handoffs.models import Commitment, FieldComment, RiskFlag
from handoffs.selectors import packets_visible_to, with_packet_detail
from handoffs.services import editing, followup, kickoffs, review
from handoffs.views.packet import RiskResponseForm

REFUSALS = {
    400: OpenApiResponse(description="Bad input, by field: the serializer's, or `errors`"),
    403: OpenApiResponse(description="Your role may not do this on this packet"),
    404: OpenApiResponse(description="No such packet, or it is not shared with you"),
    409: OpenApiResponse(description="The packet's state does not allow this, or it changed"),
}


class PacketAction(APIView):
    """Subclasses set `rule` (object-level policy), `Input`, and `perform`."""

    access_policy = "packets.list"
    rule = ""

    class Input(serializers.Serializer):
        pass

    def __init_subclass__(cls, **kwargs):
        """Each action's input is its own schema component (they are all called `Input`)."""
        super().__init_subclass__(**kwargs)
        if "Input" in cls.__dict__:
            extend_schema_serializer(component_name=f"{cls.__name__}Input")(cls.Input)

    def perform(self, packet, data: dict, user: User) -> None:
        raise NotImplementedError

    def post(self, request, pk: int, **kwargs):
        packet = get_object_or_404(
            packets_visible_to(request.user).select_related("handoff", "business_unit"), pk=pk
        )
        if not allows(request.user, self.rule, packet):
            raise RoleRefused("Your role may not do this on this packet.")
        given = self.Input(data=request.data)
        given.is_valid(raise_exception=True)
        self.perform(packet, {**given.validated_data, **kwargs}, request.user)
        fresh = with_packet_detail(packets_visible_to(request.user)).filter(pk=pk).first()
        return Response(PacketSerializer(fresh).data if fresh else {"id": pk})


def action_schema(summary: str, request=None):
    return extend_schema(
        summary=summary, request=request, responses={200: PacketSerializer, **REFUSALS}
    )


class FieldUpdate(PacketAction):
    rule = "packet.edit"

    class Input(serializers.Serializer):
        data = serializers.DictField(help_text="The field's structured value, as in `fields`.")
        version = serializers.IntegerField(help_text="The field version you edited.")

    @action_schema("Set a field's value (the AE, on a packet waiting on them)", Input)
    def post(self, request, pk: int, key: str):
        return super().post(request, pk, key=key)

    def perform(self, packet, data, user):
        key = data["key"]
        form_class = form_for(key, field_definitions(packet.definitions_version))
        if form_class is None:
            raise ValidationError({"key": f"{key} is not a field people edit."})
        form = form_class(form_class(data_shape={}).initial_from(data["data"]), data_shape={})
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data(escape_html=True))
        field = packet.fields.filter(key=key).first()
        value = form.to_data(field.data if field else {})
        editing.field_update(
            packet=packet,
            key=key,
            data=value,
            text=form.describe(value),
            by=user,
            author=editing_hand(user, packet),
            expected_version=data["version"],
        )


class FieldCopy(PacketAction):
    rule = "packet.edit"

    class Input(serializers.Serializer):
        source = serializers.IntegerField(min_value=1, help_text="The sibling packet's id.")
        version = serializers.IntegerField(
            min_value=0, help_text="The version of this packet's field you are replacing."
        )

    @action_schema("Copy a unit-specific field from a sibling packet of the same deal", Input)
    def post(self, request, pk: int, key: str):
        return super().post(request, pk, key=key)

    def perform(self, packet, data, user):
        source = get_object_or_404(packets_visible_to(user), pk=data["source"])
        editing.field_copy_from_sibling(
            packet=packet,
            key=data["key"],
            source=source,
            by=user,
            expected_version=data["version"],
        )


class Submit(PacketAction):
    rule = "packet.edit"

    @action_schema("Send a completed gap list to CS")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        editing.packet_submit_to_cs(packet=packet, by=user)


class Reconcile(PacketAction):
    rule = "packet.edit"

    class Input(serializers.Serializer):
        reconciliation = serializers.ChoiceField(
            choices=["in_contract", "success_plan", "acknowledged"]
        )
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @action_schema("Reconcile a pre-sale commitment", Input)
    def post(self, request, pk: int, commitment_pk: int):
        return super().post(request, pk, commitment_pk=commitment_pk)

    def perform(self, packet, data, user):
        commitment = get_object_or_404(Commitment, pk=data["commitment_pk"], packet=packet)
        editing.commitment_reconcile(
            commitment=commitment, reconciliation=data["reconciliation"], note=data["note"], by=user
        )


class RespondToRisk(PacketAction):
    rule = "packet.edit"

    class Input(serializers.Serializer):
        response = serializers.CharField(
            max_length=RiskResponseForm.base_fields["response"].max_length
        )

    @action_schema("Answer a risk flag with context", Input)
    def post(self, request, pk: int, flag_pk: int):
        return super().post(request, pk, flag_pk=flag_pk)

    def perform(self, packet, data, user):
        flag = get_object_or_404(RiskFlag, pk=data["flag_pk"], packet=packet)
        editing.risk_respond(flag=flag, response=data["response"], by=user)


class Claim(PacketAction):
    rule = "packet.claim"

    @action_schema("Claim an unassigned packet of your business unit")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        review.packet_claim(packet=packet, by=user)


class Reassign(PacketAction):
    rule = "packet.reassign"

    class Input(serializers.Serializer):
        csm = serializers.EmailField(help_text="The CSM to hand the packet to.")
        reason = serializers.CharField(max_length=500)

    @action_schema("Hand a packet to another CSM of the unit", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        to = User.objects.filter(email__iexact=data["csm"], role=Role.CSM).first()
        if to is None:
            raise ValidationError({"csm": "No CSM has that e-mail address."})
        review.packet_reassign(packet=packet, to=to, reason=data["reason"], by=user)


class StartReview(PacketAction):
    rule = "packet.review"

    @action_schema("Start reviewing a packet")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        review.review_start(packet=packet, by=user)


class Accept(PacketAction):
    rule = "packet.review"

    class Input(serializers.Serializer):
        rating = serializers.IntegerField(min_value=1, max_value=10)
        version = serializers.IntegerField(help_text="The packet version you reviewed.")

    @action_schema("Accept with a 1-10 handoff-quality rating", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        review.packet_accept(
            packet=packet, rating=data["rating"], by=user, expected_version=data["version"]
        )


class ReturnReason(serializers.Serializer):
    key = serializers.CharField()
    reason = serializers.CharField(max_length=500)


class Return(PacketAction):
    rule = "packet.review"

    class Input(serializers.Serializer):
        reasons = ReturnReason(many=True, allow_empty=False)
        version = serializers.IntegerField()

    @action_schema("Return to the AE; each reason becomes a gap on its field", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        review.packet_return(
            packet=packet,
            reasons=[dict(r) for r in data["reasons"]],
            by=user,
            expected_version=data["version"],
        )


class Comment(PacketAction):
    rule = "packet.discuss"

    class Input(serializers.Serializer):
        key = serializers.CharField()
        body = serializers.CharField(max_length=4000)
        parent = serializers.IntegerField(required=False, allow_null=True, default=None)

    @action_schema("Comment on a field, or reply in its thread", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        parent = FieldComment.objects.filter(pk=data["parent"]).first() if data["parent"] else None
        review.comment_add(
            packet=packet, key=data["key"], body=data["body"], by=user, parent=parent
        )


class ResolveComment(PacketAction):
    rule = "packet.discuss"

    @action_schema("Resolve a comment thread")
    def post(self, request, pk: int, comment_pk: int):
        return super().post(request, pk, comment_pk=comment_pk)

    def perform(self, packet, data, user):
        thread = get_object_or_404(FieldComment, pk=data["comment_pk"], packet=packet)
        review.comment_resolve(comment=thread, by=user)


class BookKickoff(PacketAction):
    rule = "packet.review"

    class Input(serializers.Serializer):
        starts_at = serializers.DateTimeField()
        duration_minutes = serializers.IntegerField(min_value=15, max_value=180, default=45)

    @action_schema("Book the triad kickoff (sends the ICS invite)", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        kickoffs.kickoff_book(
            packet=packet,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            by=user,
        )


class RescheduleKickoff(PacketAction):
    rule = "packet.review"

    class Input(serializers.Serializer):
        starts_at = serializers.DateTimeField()
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @action_schema("Move the kickoff (sends an updated invite)", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        kickoffs.kickoff_reschedule(
            packet=packet, starts_at=data["starts_at"], note=data["note"], by=user
        )


class CancelKickoff(PacketAction):
    rule = "packet.review"

    class Input(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @action_schema("Cancel the kickoff (sends a cancellation)", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        kickoffs.kickoff_cancel(packet=packet, note=data["note"], by=user)


class RecordKickoff(PacketAction):
    rule = "packet.review"

    class Input(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=["held", "no_show"])
        notes = serializers.CharField(required=False, allow_blank=True, default="")

    @action_schema("Record the kickoff as held or a no-show", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        kickoffs.kickoff_record(
            packet=packet, held=data["outcome"] == "held", notes=data["notes"], by=user
        )


class ConfirmWarmCall(PacketAction):
    rule = "packet.discuss"

    @action_schema("Confirm the AE + CSM warm handoff call took place")
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        followup.warm_call_confirm(packet=packet, by=user)


class AddSoftSignal(PacketAction):
    rule = "packet.discuss"

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=["buyer_stress", "side_conversation", "politics", "other"]
        )
        note = serializers.CharField(max_length=2000)

    @action_schema("Note a soft signal on the handoff", Input)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, packet, data, user):
        followup.soft_signal_add(packet=packet, kind=data["kind"], note=data["note"], by=user)
