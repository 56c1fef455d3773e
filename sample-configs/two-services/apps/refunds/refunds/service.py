"""Refund worker: refunds a charge when support approves the ticket."""

import os

import stripe

stripe.api_key = os.environ["STRIPE_REFUNDS_KEY"]


def refund(charge_id: str, reason: str) -> str:
    charge = stripe.Charge.retrieve(charge_id)
    refund = stripe.Refund.create(charge=charge.id, reason=reason)
    return refund.id
