"""Go services (stripe-go v79): Fly, GitLab CI, Terraform on ECS; webhook.ConstructEvent and stripe.EventType constants."""

from __future__ import annotations

from keyfactory import expand

from corpus import E, app, keys, live_env
from corpus.blocks import fly_toml

ECO = "go"

GO_MOD = """module github.com/acme/payments

go 1.22

require github.com/stripe/stripe-go/v79 v79.4.0
"""

MAIN = """package main

import (
\t"log"
\t"net/http"
\t"os"

\t"github.com/acme/payments/internal/billing"
\t"github.com/stripe/stripe-go/v79"
)

func main() {
\tstripe.Key = os.Getenv("STRIPE_SECRET_KEY")
\th := billing.NewHandler(os.Getenv("STRIPE_WEBHOOK_SECRET"))
\thttp.HandleFunc("/webhooks/stripe", h.ServeWebhook)
\tlog.Fatal(http.ListenAndServe(":"+os.Getenv("PORT"), nil))
}
"""

HANDLER = """package billing

import (
\t"encoding/json"
\t"io"
\t"log"
\t"net/http"

\t"github.com/stripe/stripe-go/v79"
\t"github.com/stripe/stripe-go/v79/webhook"
)

type Handler struct {
\tendpointSecret string
}

func NewHandler(secret string) *Handler { return &Handler{endpointSecret: secret} }

func (h *Handler) ServeWebhook(w http.ResponseWriter, r *http.Request) {
\tconst maxBodyBytes = int64(65536)
\tr.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
\tpayload, err := io.ReadAll(r.Body)
\tif err != nil {
\t\tw.WriteHeader(http.StatusServiceUnavailable)
\t\treturn
\t}
\tevent, err := webhook.ConstructEvent(payload, r.Header.Get("Stripe-Signature"), h.endpointSecret)
\tif err != nil {
\t\tw.WriteHeader(http.StatusBadRequest)
\t\treturn
\t}
\tswitch event.Type {
\tcase stripe.EventTypeCheckoutSessionCompleted:
\t\tvar session stripe.CheckoutSession
\t\tif err := json.Unmarshal(event.Data.Raw, &session); err != nil {
\t\t\tw.WriteHeader(http.StatusBadRequest)
\t\t\treturn
\t\t}
\t\tlog.Printf("checkout %s paid", session.ID)
\tcase stripe.EventTypeInvoicePaymentFailed:
\t\tlog.Printf("invoice payment failed: %s", event.ID)
\t}
\tw.WriteHeader(http.StatusOK)
}
"""

UNVERIFIED = HANDLER.replace(
    """\tevent, err := webhook.ConstructEvent(payload, r.Header.Get("Stripe-Signature"), h.endpointSecret)
\tif err != nil {
""",
    """\tvar event stripe.Event
\tif err := json.Unmarshal(payload, &event); err != nil {
""",
).replace('\t"github.com/stripe/stripe-go/v79/webhook"\n', "")

NO_TOLERANCE = HANDLER.replace("webhook.ConstructEvent(payload", "webhook.ConstructEventIgnoringTolerance(payload")


def service(seed: str, dotenv: bool = False, **replace: str | None) -> dict[str, str]:
    k = keys(seed)
    files = {
        "go.mod": GO_MOD,
        "go.sum": "github.com/stripe/stripe-go/v79 v79.4.0 h1:placeholderhash=\n",
        "cmd/server/main.go": MAIN,
        "internal/billing/handler.go": HANDLER,
        "Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /server ./cmd/server\n\n"
        'FROM gcr.io/distroless/static\nCOPY --from=build /server /server\nENTRYPOINT ["/server"]\n',
        "fly.toml": fly_toml("acme-payments"),
        ".gitignore": "/bin/\n.env\n",
        ".env": f"STRIPE_SECRET_KEY={k['sk_test']}\nSTRIPE_WEBHOOK_SECRET={k['whsec']}\nPORT=8080\n",
        "Makefile": "run:\n\tset -a; . ./.env; go run ./cmd/server\n\ntest:\n\tgo test ./...\n",
    }
    if not dotenv:
        del files[".env"]
    for path, text in replace.items():
        if text is None:
            files.pop(path, None)
        else:
            files[path] = text
    return files


def env(seed: str) -> dict[str, str]:
    return live_env(seed, publishable="")


app(
    "go-fly-service",
    ECO,
    "fly",
    service("goa", dotenv=True),
    ready=True,
    holds=(10, 11),
    deploy_env=env("goa"),
    why="fly secrets set supplies the keys; .env is git-ignored and only the Makefile's run target (a developer's) reads it",
)

app(
    "go-unverified-event-constants",
    ECO,
    "fly",
    service("gob", **{"internal/billing/handler.go": UNVERIFIED}),
    ready=False,
    fires=(11,),
    deploy_env=env("gob"),
    expect=(E("GL402", "internal/billing/handler.go", "case stripe.EventTypeCheckoutSessionCompleted"),),
    why="events are unmarshalled and acted on (stripe.EventType constants) without webhook.ConstructEvent",
)

app(
    "go-ignoring-tolerance",
    ECO,
    "fly",
    service("goc", **{"internal/billing/handler.go": NO_TOLERANCE}),
    ready=False,
    fires=(11,),
    deploy_env=env("goc"),
    expect=(E("GL402", "internal/billing/handler.go", "ConstructEventIgnoringTolerance"),),
    why="ConstructEventIgnoringTolerance accepts a replayed event of any age",
)

TEST = """package billing

import (
\t"net/http/httptest"
\t"strings"
\t"testing"
\t"time"

\t"github.com/stripe/stripe-go/v79/webhook"
)

const testSecret = "@@whsec:godtest@@"

func TestCheckoutCompleted(t *testing.T) {
\tpayload := []byte(`{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_test_1"}}}`)
\tsigned := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: testSecret, Timestamp: time.Now()})
\treq := httptest.NewRequest("POST", "/webhooks/stripe", strings.NewReader(string(payload)))
\treq.Header.Set("Stripe-Signature", signed.Header)
\trec := httptest.NewRecorder()
\tNewHandler(testSecret).ServeWebhook(rec, req)
\tif rec.Code != 200 {
\t\tt.Fatalf("status %d", rec.Code)
\t}
}
"""

app(
    "go-tests-and-testdata",
    ECO,
    "fly",
    service("god")
    | {
        "internal/billing/handler_test.go": TEST,
        "internal/billing/testdata/checkout_completed.json": '{"id": "evt_1", "object": "event", "type": "checkout.session.completed",\n'
        ' "data": {"object": {"id": "cs_test_1", "amount_total": 2000}}}\n',
        "internal/billing/testdata/stripe.env": f"STRIPE_SECRET_KEY={keys('godtd')['sk_test']}\n",
    },
    ready=True,
    holds=(3,),
    deploy_env=env("god"),
    why="_test.go files and testdata/ are never compiled into the binary",
)

GITLAB_OK = """stages: [test, build, deploy]

variables:
  GO_VERSION: "1.22"

test:
  stage: test
  image: golang:1.22
  variables:
    STRIPE_SECRET_KEY: {sk_test}
  script:
    - go test ./...

build:
  stage: build
  image: golang:1.22
  script:
    - CGO_ENABLED=0 go build -o bin/server ./cmd/server
  artifacts:
    paths: [bin/]

deploy_production:
  stage: deploy
  needs: [build]
  environment: production
  script:
    - flyctl secrets set STRIPE_SECRET_KEY="$STRIPE_LIVE_SECRET_KEY" STRIPE_WEBHOOK_SECRET="$STRIPE_LIVE_WEBHOOK_SECRET"
    - flyctl deploy --remote-only
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
"""

app(
    "go-gitlab-test-job-sandbox",
    ECO,
    "gitlab-ci",
    service("goe") | {".gitlab-ci.yml": GITLAB_OK.format(sk_test=keys("goe")["sk_test"])},
    ready=True,
    holds=(4,),
    deploy_env=env("goe"),
    why="the sandbox key is a variable of the test job, whose output nobody deploys; the production job needs only build",
)

GITLAB_BAD = """stages: [build, deploy]

build:
  stage: build
  image: golang:1.22
  variables:
    STRIPE_PUBLISHABLE_KEY: {pk_test}
  script:
    - go build -ldflags "-X main.publishableKey=$STRIPE_PUBLISHABLE_KEY" -o bin/server ./cmd/server
  artifacts:
    paths: [bin/]

deploy_production:
  stage: deploy
  needs: [build]
  environment:
    name: production
    url: https://pay.acme.test
  script:
    - scp bin/server deploy@pay.acme.test:/srv/payments/
"""

app(
    "go-gitlab-build-artifact-sandbox",
    ECO,
    "gitlab-ci",
    service(
        "gof",
        **{
            "cmd/server/main.go": MAIN.replace(
                "func main() {",
                "// publishableKey is set at link time (-X) and served to the web checkout.\n"
                "var publishableKey string\n\nfunc main() {",
            ).replace(
                '\thttp.HandleFunc("/webhooks/stripe", h.ServeWebhook)\n',
                '\thttp.HandleFunc("/webhooks/stripe", h.ServeWebhook)\n\thttp.HandleFunc("/config", func(w http.ResponseWriter, _ *http.Request) {\n'
                '\t\tw.Write([]byte(`{"publishableKey":"` + publishableKey + `"}`))\n\t})\n',
            )
        },
    )
    | {".gitlab-ci.yml": GITLAB_BAD.format(pk_test=keys("gof")["pk_test"])},
    ready=False,
    fires=(4,),
    deploy_env=env("gof"),
    expect=(E("GL101", ".gitlab-ci.yml", "STRIPE_PUBLISHABLE_KEY:"),),
    maybe=(E("GL103", ".gitlab-ci.yml", "STRIPE_PUBLISHABLE_KEY:"),),
    why="the build job links the sandbox publishable key into the binary that deploy_production (needs: build) ships",
)

TF_ECS = """resource "aws_ecs_task_definition" "payments" {{
  family                   = "payments"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024
  container_definitions = jsonencode([{{
    name  = "payments"
    image = "${{aws_ecr_repository.payments.repository_url}}:latest"
    environment = [
      {{ name = "PORT", value = "8080" }},
      {{ name = "STRIPE_SECRET_KEY", value = "{sk}" }},
    ]
    secrets = [
      {{ name = "STRIPE_WEBHOOK_SECRET", valueFrom = aws_secretsmanager_secret.stripe_webhook.arn }},
    ]
  }}])
}}
"""

app(
    "go-terraform-ecs-sandbox",
    ECO,
    "terraform",
    service("gog", **{"fly.toml": None})
    | {
        "infra/prod/ecs.tf": TF_ECS.format(sk=keys("gog")["sk_test"]),
        "infra/prod/providers.tf": 'terraform {\n  backend "s3" {\n    bucket = "acme-tfstate"\n    key    = "payments/prod.tfstate"\n  }\n}\n',
    },
    ready=False,
    deploy_env=live_env("gog", publishable=""),
    expect=(E("GL101", "infra/prod/ecs.tf", '"STRIPE_SECRET_KEY"'),),
    why="the production task definition sets the sandbox key in plain environment",
)

k = keys("goh")
app(
    "go-sandbox-key-in-proxy-url",
    ECO,
    "fly",
    service("goh") | {"deploy/production.env": f"STRIPE_API_BASE=https://{k['sk_test']}:@api.stripe.com\nLOG_LEVEL=info\n"},
    ready=False,
    fires=(7,),
    deploy_env=env("goh"),
    expect=(E("GL101", "deploy/production.env", "STRIPE_API_BASE="),),
    why="basic auth in the API URL carries a sandbox secret key into production",
)

SPLIT_KEY = expand("@@sk_test:goi@@")
app(
    "go-split-literal-key",
    ECO,
    "fly",
    service(
        "goi",
        **{
            "cmd/server/main.go": MAIN.replace(
                '\tstripe.Key = os.Getenv("STRIPE_SECRET_KEY")', f'\tstripe.Key = "{SPLIT_KEY[:16]}" +\n\t\t"{SPLIT_KEY[16:]}"'
            )
        },
    ),
    ready=False,
    fires=(7,),
    deploy_env=env("goi"),
    expect=(E("GL101", "cmd/server/main.go", "stripe.Key = "),),
    why="a sandbox key split across two literals is still the key the binary runs with",
)

TENANTS = """{{
  "service": "payments",
  "api_keys": {{
    "{sk}": "billing-worker"
  }},
  "region": "eu-west-1"
}}
"""

app(
    "go-key-as-json-mapping-key",
    ECO,
    "fly",
    service("goj") | {"config/production.json": TENANTS.format(sk=keys("goj")["sk_test"])},
    ready=False,
    fires=(7,),
    deploy_env=env("goj"),
    expect=(E("GL101", "config/production.json", '"@@sk_test'),),
    why="the production config maps a sandbox secret key (as a JSON key) to its worker",
)

GITLAB_STAGING = """stages: [build, deploy]

build_staging:
  stage: build
  image: golang:1.22
  variables:
    STRIPE_PUBLISHABLE_KEY: {pk_test}
  script:
    - go build -ldflags "-X main.publishableKey=$STRIPE_PUBLISHABLE_KEY" -o bin/server ./cmd/server
  artifacts:
    paths: [bin/]

deploy_staging:
  stage: deploy
  needs: [build_staging]
  environment:
    name: staging
  script:
    - scp bin/server deploy@staging.pay.acme.test:/srv/payments/

deploy_production:
  stage: deploy
  environment:
    name: production
  script:
    - go build -ldflags "-X main.publishableKey=$STRIPE_LIVE_PUBLISHABLE_KEY" -o bin/server ./cmd/server
    - scp bin/server deploy@pay.acme.test:/srv/payments/
  when: manual
"""

app(
    "go-gitlab-staging-artifact",
    ECO,
    "gitlab-ci",
    service("gok") | {".gitlab-ci.yml": GITLAB_STAGING.format(pk_test=keys("gok")["pk_test"])},
    ready=True,
    holds=(4,),
    deploy_env=env("gok"),
    why="the sandbox key is linked into the staging build, which only deploy_staging ships; production builds its own",
)
