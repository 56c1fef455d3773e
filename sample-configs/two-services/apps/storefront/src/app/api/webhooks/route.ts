import Stripe from "stripe";
import { fulfil } from "../../../orders";

const stripe = new Stripe(process.env.STRIPE_STOREFRONT_KEY!);

export async function POST(request: Request): Promise<Response> {
  const body = await request.text();
  const signature = request.headers.get("stripe-signature") ?? "";
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch {
    return new Response("bad signature", { status: 400 });
  }
  if (event.type === "checkout.session.completed") {
    await fulfil(event.data.object as Stripe.Checkout.Session);
  }
  return new Response(null, { status: 200 });
}
