"""Rails apps: stripe-ruby controllers, the stripe_event and pay gems, config/*.yml sections; Render, Heroku, Kamal."""

from __future__ import annotations

from corpus import E, app, keys, live_env

ECO = "rails"

GEMFILE = """source "https://rubygems.org"

ruby "3.3.4"

gem "rails", "~> 7.1.3"
gem "pg", "~> 1.5"
gem "puma", ">= 6.0"
gem "stripe", "~> 12.0"
{extra}
group :development, :test do
  gem "dotenv-rails"
  gem "rspec-rails"
end
"""

INITIALIZER = """Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")
Stripe.api_version = "2024-06-20"
"""

CONTROLLER = """class WebhooksController < ApplicationController
  skip_before_action :verify_authenticity_token

  def stripe
    payload = request.body.read
    sig_header = request.env["HTTP_STRIPE_SIGNATURE"]
    begin
      event = Stripe::Webhook.construct_event(payload, sig_header, ENV.fetch("STRIPE_WEBHOOK_SECRET"))
    rescue JSON::ParserError, Stripe::SignatureVerificationError
      return head :bad_request
    end

    case event.type
    when "checkout.session.completed"
      Order.find_by!(checkout_session_id: event.data.object.id).paid!
    when "customer.subscription.deleted"
      Subscription.find_by!(stripe_id: event.data.object.id).cancel!
    end
    head :ok
  end
end
"""

UNVERIFIED = """class WebhooksController < ApplicationController
  skip_before_action :verify_authenticity_token

  def stripe
    # TODO: re-enable once the signing secret is in the vault
    # event = Stripe::Webhook.construct_event(request.body.read, request.env["HTTP_STRIPE_SIGNATURE"], ENV["STRIPE_WEBHOOK_SECRET"])
    event = Stripe::Event.construct_from(JSON.parse(request.body.read, symbolize_names: true))

    case event.type
    when "checkout.session.completed"
      Order.find_by!(checkout_session_id: event.data.object.id).paid!
    end
    head :ok
  end
end
"""

ROUTES = """Rails.application.routes.draw do
  resources :orders, only: %i[index show create]
  post "/webhooks/stripe", to: "webhooks#stripe"
  get "up" => "rails/health#show", as: :rails_health_check
end
"""


def rails_app(seed: str, extra_gems: str = "", **replace: str | None) -> dict[str, str]:
    k = keys(seed)
    files = {
        "Gemfile": GEMFILE.format(extra=extra_gems),
        "config.ru": 'require_relative "config/environment"\n\nrun Rails.application\nRails.application.load_server\n',
        "config/application.rb": 'require_relative "boot"\nrequire "rails/all"\n\nmodule Shop\n  class Application < Rails::Application\n'
        "    config.load_defaults 7.1\n  end\nend\n",
        "config/routes.rb": ROUTES,
        "config/database.yml": "default: &default\n  adapter: postgresql\n  pool: 5\n\ndevelopment:\n  <<: *default\n  database: shop_dev\n\n"
        'production:\n  <<: *default\n  url: <%= ENV["DATABASE_URL"] %>\n',
        "config/initializers/stripe.rb": INITIALIZER,
        "app/controllers/application_controller.rb": "class ApplicationController < ActionController::Base\nend\n",
        "app/controllers/webhooks_controller.rb": CONTROLLER,
        "app/models/order.rb": "class Order < ApplicationRecord\n  enum :status, { pending: 0, paid: 1 }\nend\n",
        ".gitignore": "/log/*\n/tmp/*\n/storage/*\n/config/master.key\n.env\n",
        ".env": f"STRIPE_SECRET_KEY={k['sk_test']}\nSTRIPE_WEBHOOK_SECRET={k['whsec']}\n",
        "Procfile": "web: bundle exec puma -C config/puma.rb\nrelease: bin/rails db:migrate\n",
    }
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def env(seed: str) -> dict[str, str]:
    return live_env(seed, publishable="")


app(
    "rails-heroku-shop",
    ECO,
    "heroku",
    rails_app("rba"),
    ready=True,
    holds=(10, 11),
    deploy_env=env("rba"),
    why="dotenv-rails loads .env in development and test only (it is in that Gemfile group) and .env is git-ignored",
)

STRIPE_EVENT_INIT = """Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")
StripeEvent.signing_secret = ENV.fetch("STRIPE_WEBHOOK_SECRET")

StripeEvent.configure do |events|
  events.subscribe "checkout.session.completed" do |event|
    Order.find_by!(checkout_session_id: event.data.object.id).paid!
  end
  events.subscribe "invoice.payment_failed", Billing::PaymentFailed.new
end
"""

app(
    "rails-stripe-event-ready",
    ECO,
    "render",
    rails_app(
        "rbb",
        'gem "stripe_event", "~> 2.11"\n',
        **{
            "config/initializers/stripe.rb": STRIPE_EVENT_INIT,
            "app/controllers/webhooks_controller.rb": None,
            "config/routes.rb": ROUTES.replace(
                '  post "/webhooks/stripe", to: "webhooks#stripe"\n', '  mount StripeEvent::Engine, at: "/webhooks/stripe"\n'
            ),
            "app/services/billing/payment_failed.rb": "module Billing\n  class PaymentFailed\n    def call(event)\n"
            "      Subscription.find_by!(stripe_customer_id: event.data.object.customer).past_due!\n    end\n  end\nend\n",
        },
    ),
    ready=True,
    holds=(11,),
    deploy_env=env("rbb"),
    why="the stripe_event engine verifies every event's signature with StripeEvent.signing_secret before subscribers run",
)

app(
    "rails-stripe-event-no-signing-secret",
    ECO,
    "render",
    rails_app(
        "rbc",
        'gem "stripe_event", "~> 2.11"\n',
        **{
            "config/initializers/stripe.rb": STRIPE_EVENT_INIT.replace(
                'StripeEvent.signing_secret = ENV.fetch("STRIPE_WEBHOOK_SECRET")\n', ""
            ),
            "app/controllers/webhooks_controller.rb": None,
            "config/routes.rb": ROUTES.replace(
                '  post "/webhooks/stripe", to: "webhooks#stripe"\n', '  mount StripeEvent::Engine, at: "/webhooks/stripe"\n'
            ),
        },
    ),
    ready=False,
    fires=(11,),
    deploy_env=live_env("rbc", webhook=False, publishable=""),
    expect=(E("GL401", "config/initializers/stripe.rb", ("StripeEvent.configure", 'events.subscribe "checkout')),),
    maybe=(E("GL401", "config/routes.rb", "mount StripeEvent::Engine"),),
    why="stripe_event needs a signing secret to verify; without one every event is rejected (or, in old versions, accepted)",
)

app(
    "rails-commented-out-verification",
    ECO,
    "heroku",
    rails_app("rbd", **{"app/controllers/webhooks_controller.rb": UNVERIFIED}),
    ready=False,
    fires=(8, 11),
    deploy_env=env("rbd"),
    expect=(E("GL402", "app/controllers/webhooks_controller.rb", 'when "checkout.session.completed"'),),
    why="the construct_event call is commented out: a comment is not a verification",
)

STRIPE_YML_PLACEHOLDER = """development:
  secret_key: {sk_test}
  publishable_key: {pk_test}

test:
  secret_key: sk_test_123

production:
  secret_key: {sk_x}
  publishable_key: {pk_x}
"""

STRIPE_YML_ENV = """development:
  secret_key: {sk_test}
  publishable_key: {pk_test}

test:
  secret_key: sk_test_123

production:
  secret_key: <%= ENV["STRIPE_SECRET_KEY"] %>
  publishable_key: <%= ENV["STRIPE_PUBLISHABLE_KEY"] %>
"""

CONFIG_FOR_INIT = """stripe = Rails.application.config_for(:stripe)
Stripe.api_key = stripe[:secret_key]
Rails.application.config.x.stripe_publishable_key = stripe[:publishable_key]
"""

k = keys("rbe")
app(
    "rails-config-yml-production-placeholder",
    ECO,
    "heroku",
    rails_app(
        "rbe",
        **{
            "config/stripe.yml": STRIPE_YML_PLACEHOLDER.format(
                **k, sk_x="sk_" + "live_" + "x" * 24, pk_x="pk_" + "live_" + "x" * 24
            ),
            "config/initializers/stripe.rb": CONFIG_FOR_INIT,
        },
    ),
    ready=False,
    fires=(8,),
    deploy_env=env("rbe"),
    expect=(
        E("GL104", "config/stripe.yml", "  secret_key: sk_live_x"),
        E("GL104", "config/stripe.yml", "  publishable_key: pk_live_x"),
    ),
    why="config_for(:stripe) reads the production: section in production: its keys are the template's x's",
)

k = keys("rbf")
app(
    "rails-config-yml-erb-env",
    ECO,
    "heroku",
    rails_app("rbf", **{"config/stripe.yml": STRIPE_YML_ENV.format(**k), "config/initializers/stripe.rb": CONFIG_FOR_INIT}),
    ready=True,
    holds=(8,),
    deploy_env=live_env("rbf"),
    why="the production section reads the environment; sandbox keys sit in the development section only",
)

PAY_INIT = """Pay.setup do |config|
  config.application_name = "Acme"
  config.business_name = "Acme Inc."
  config.support_email = "billing@acme.test"
  config.enabled_processors = [:stripe]
end
"""

PAY_USER = """class User < ApplicationRecord
  pay_customer default_payment_processor: :stripe
end
"""


def pay_app(seed: str) -> dict[str, str]:
    return rails_app(
        seed,
        'gem "pay", "~> 7.1"\n',
        **{
            "config/initializers/pay.rb": PAY_INIT,
            "app/models/user.rb": PAY_USER,
            "app/controllers/webhooks_controller.rb": None,
            "config/initializers/stripe.rb": None,
            "config/routes.rb": ROUTES.replace('  post "/webhooks/stripe", to: "webhooks#stripe"\n', ""),
            ".env": f"STRIPE_PRIVATE_KEY={keys(seed)['sk_test']}\nSTRIPE_SIGNING_SECRET={keys(seed)['whsec']}\n",
        },
    )


k = keys("rbg")
app(
    "rails-pay-gem-ready",
    ECO,
    "render",
    pay_app("rbg"),
    ready=True,
    holds=(11,),
    deploy_env={"STRIPE_PRIVATE_KEY": k["sk_live"], "STRIPE_PUBLIC_KEY": k["pk_live"], "STRIPE_SIGNING_SECRET": k["whsec"]},
    why="the pay gem mounts /pay/webhooks/stripe and verifies with STRIPE_SIGNING_SECRET, which production sets",
)

k = keys("rbh")
app(
    "rails-pay-gem-no-signing-secret",
    ECO,
    "render",
    pay_app("rbh"),
    ready=False,
    fires=(11,),
    deploy_env={"STRIPE_PRIVATE_KEY": k["sk_live"], "STRIPE_PUBLIC_KEY": k["pk_live"]},
    expect=(E("GL401", "config/initializers/pay.rb", "Pay.setup"),),
    maybe=(E("GL401", "Gemfile", 'gem "pay"'), E("GL401", "app/models/user.rb", "pay_customer")),
    why="the pay gem verifies Stripe webhooks with STRIPE_SIGNING_SECRET; production has none, so fulfilment stops",
)

KAMAL = """service: shop
image: acme/shop
servers:
  web:
    - 192.0.2.10
registry:
  username: acme
  password:
    - KAMAL_REGISTRY_PASSWORD
env:
  clear:
    RAILS_ENV: production
  secret:
    - RAILS_MASTER_KEY
    - STRIPE_SECRET_KEY
    - STRIPE_WEBHOOK_SECRET
"""

app(
    "rails-kamal-secrets",
    ECO,
    "kamal",
    rails_app(
        "rbi",
        **{
            "config/deploy.yml": KAMAL,
            "Procfile": None,
            ".kamal/secrets": "KAMAL_REGISTRY_PASSWORD=$KAMAL_REGISTRY_PASSWORD\nRAILS_MASTER_KEY=$(cat config/master.key)\n"
            "STRIPE_SECRET_KEY=$(op read op://Production/Stripe/secret_key)\n"
            "STRIPE_WEBHOOK_SECRET=$(op read op://Production/Stripe/webhook_secret)\n",
        },
    ),
    ready=True,
    holds=(10,),
    deploy_env=env("rbi"),
    why="Kamal injects the secrets from 1Password at deploy; nothing secret is in the tree but the developer's .env",
)

SPEC = """require "rails_helper"

RSpec.describe "Stripe webhooks", type: :request do
  let(:secret) { "@@whsec:rbjspec@@" }
  before { stub_const("ENV", ENV.to_h.merge("STRIPE_WEBHOOK_SECRET" => secret)) }

  it "marks the order paid" do
    payload = { id: "evt_1", object: "event", type: "checkout.session.completed", data: { object: { id: "cs_test_1" } } }.to_json
    header = Stripe::Webhook::Signature.generate_header(Time.now, Stripe::Webhook::Signature.compute_signature(Time.now, payload, secret))
    post "/webhooks/stripe", params: payload, headers: { "Stripe-Signature" => header }
    expect(response).to have_http_status(:ok)
  end
end
"""

app(
    "rails-rspec-and-seeds",
    ECO,
    "heroku",
    rails_app("rbj")
    | {
        "spec/requests/webhooks_spec.rb": SPEC,
        "db/seeds.rb": f'Stripe.api_key = "{keys("rbjseed")["sk_test"]}"\n\n%w[Basic Pro].each do |tier|\n'
        "  product = Stripe::Product.create(name: tier)\n  Plan.create!(name: tier, stripe_product_id: product.id)\nend\n",
    },
    ready=True,
    holds=(3,),
    deploy_env=env("rbj"),
    why="specs and db/seeds.rb run in test and development against a sandbox",
)

app(
    "rails-seeds-in-release-phase",
    ECO,
    "heroku",
    rails_app(
        "rbk",
        **{
            ".env": None,
            "Procfile": "web: bundle exec puma -C config/puma.rb\nrelease: bin/rails db:migrate db:seed\n",
            "db/seeds.rb": f'Stripe.api_key = "{keys("rbk")["sk_test"]}"\n\n%w[Basic Pro].each do |tier|\n'
            "  product = Stripe::Product.create(name: tier)\n  Plan.find_or_create_by!(name: tier, stripe_product_id: product.id)\nend\n",
        },
    ),
    ready=False,
    fires=(3,),
    deploy_env=env("rbk"),
    expect=(E("GL101", "db/seeds.rb", "Stripe.api_key"),),
    why="Heroku's release phase runs db:seed on every production deploy: the seeds create the live catalogue with a "
    "sandbox key, so production plans point at sandbox products",
)

WEBHOOK_YML = """production:
  secret_key: <%= ENV["STRIPE_SECRET_KEY"] %>
  webhook:
    signing_secret: whsec_...
"""

app(
    "rails-config-yml-nested-webhook-placeholder",
    ECO,
    "heroku",
    rails_app(
        "rbl",
        **{
            ".env": None,
            "config/stripe.yml": WEBHOOK_YML,
            "app/controllers/webhooks_controller.rb": CONTROLLER.replace(
                'ENV.fetch("STRIPE_WEBHOOK_SECRET")', "Rails.application.config_for(:stripe).dig(:webhook, :signing_secret)"
            ),
        },
    ),
    ready=False,
    fires=(8, 9),
    deploy_env=live_env("rbl", webhook=False, publishable=""),
    expect=(E("GL401", "config/stripe.yml", "signing_secret"),),
    maybe=(
        E("GL104", "config/stripe.yml", "signing_secret"),
        E("GL401", "app/controllers/webhooks_controller.rb", "construct_event"),
    ),
    why="the controller verifies with stripe.yml's production webhook.signing_secret, which is the template's whsec_...",
)
