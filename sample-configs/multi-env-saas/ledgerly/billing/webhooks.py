import stripe
from django.conf import settings
from django.http import HttpResponse


def stripe_webhook(request):
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers["Stripe-Signature"], settings.STRIPE_WEBHOOK_SECRET
        )
    except (ValueError, stripe.error.SignatureVerificationError):
        return HttpResponse(status=400)
    if event["type"] == "invoice.paid":
        pass
    return HttpResponse(status=200)
