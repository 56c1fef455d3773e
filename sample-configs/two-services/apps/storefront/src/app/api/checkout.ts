import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_STOREFRONT_KEY!);

export async function POST(request: Request): Promise<Response> {
  const { price, customerId } = await request.json();
  const customer = await stripe.customers.retrieve(customerId);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer: customer.id,
    line_items: [{ price, quantity: 1 }],
    success_url: `${process.env.STOREFRONT_URL}/thanks`,
  });
  return Response.json({ url: session.url });
}
