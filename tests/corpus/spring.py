"""Spring Boot services (Java and Kotlin, Spring Initializr layout under com.example): properties, profiles, Kubernetes."""

from __future__ import annotations

from corpus import E, app, keys, live_env
from corpus.blocks import k8s_deployment

ECO = "spring"
PKG = "src/main/java/com/example/shop"

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.2</version>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>shop</artifactId>
  <version>0.0.1-SNAPSHOT</version>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>com.stripe</groupId>
      <artifactId>stripe-java</artifactId>
      <version>26.5.0</version>
    </dependency>
  </dependencies>
</project>
"""

APPLICATION = """package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
"""

CONFIG = """package com.example.shop.config;

import com.stripe.Stripe;
import jakarta.annotation.PostConstruct;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

@Configuration
public class StripeConfig {
    @Value("${stripe.api.key}")
    private String apiKey;

    @PostConstruct
    public void init() {
        Stripe.apiKey = apiKey;
    }
}
"""

CONTROLLER = """package com.example.shop.web;

import com.example.shop.orders.OrderService;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.net.Webhook;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/stripe")
public class StripeWebhookController {
    private final OrderService orders;

    @Value("${stripe.webhook.secret}")
    private String endpointSecret;

    public StripeWebhookController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping("/webhook")
    public ResponseEntity<String> handle(@RequestBody String payload, @RequestHeader("Stripe-Signature") String sigHeader) {
        Event event;
        try {
            event = Webhook.constructEvent(payload, sigHeader, endpointSecret);
        } catch (SignatureVerificationException e) {
            return ResponseEntity.badRequest().body("invalid signature");
        }
        switch (event.getType()) {
            case "payment_intent.succeeded" -> {
                PaymentIntent intent = (PaymentIntent) event.getDataObjectDeserializer().getObject().orElseThrow();
                orders.markPaid(intent.getId());
            }
            case "payment_intent.payment_failed" -> orders.markFailed(event.getId());
            default -> { }
        }
        return ResponseEntity.ok("");
    }
}
"""

UNVERIFIED = CONTROLLER.replace(
    """        Event event;
        try {
            event = Webhook.constructEvent(payload, sigHeader, endpointSecret);
        } catch (SignatureVerificationException e) {
            return ResponseEntity.badRequest().body("invalid signature");
        }
""",
    """        Event event = ApiResource.GSON.fromJson(payload, Event.class);
""",
).replace("import com.stripe.net.Webhook;", "import com.stripe.net.ApiResource;")

ORDERS = """package com.example.shop.orders;

import org.springframework.stereotype.Service;

@Service
public class OrderService {
    public void markPaid(String paymentIntentId) { }
    public void markFailed(String eventId) { }
}
"""

PROPERTIES = """spring.application.name=shop
server.port=8080
spring.datasource.url=${DATABASE_URL}
stripe.api.key=${STRIPE_SECRET_KEY}
stripe.webhook.secret=${STRIPE_WEBHOOK_SECRET}
"""


def service(seed: str, **replace: str | None) -> dict[str, str]:
    files = {
        "pom.xml": POM,
        "mvnw": '#!/bin/sh\nexec mvn "$@"\n',
        f"{PKG}/ShopApplication.java": APPLICATION,
        f"{PKG}/config/StripeConfig.java": CONFIG,
        f"{PKG}/web/StripeWebhookController.java": CONTROLLER,
        f"{PKG}/orders/OrderService.java": ORDERS,
        "src/main/resources/application.properties": PROPERTIES,
        "src/test/java/com/example/shop/ShopApplicationTests.java": "package com.example.shop;\n\nimport org.junit.jupiter.api.Test;\n"
        "import org.springframework.boot.test.context.SpringBootTest;\n\n@SpringBootTest\nclass ShopApplicationTests {\n"
        "    @Test\n    void contextLoads() { }\n}\n",
        "Dockerfile": 'FROM eclipse-temurin:21-jre\nCOPY target/shop-0.0.1-SNAPSHOT.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
        ".gitignore": "target/\n.idea/\n*.iml\n",
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
    "spring-initializr-shop",
    ECO,
    "docker",
    service("spa"),
    ready=True,
    holds=(1, 8, 11),
    deploy_env=env("spa"),
    why="com.example is Spring Initializr's default package: src/main/java/com/example is the production code; the "
    "properties read the environment and the controller verifies with Webhook.constructEvent",
)

app(
    "spring-com-example-hardcoded-sandbox",
    ECO,
    "docker",
    service(
        "spb",
        **{
            f"{PKG}/config/StripeConfig.java": CONFIG.replace(
                "        Stripe.apiKey = apiKey;", '        Stripe.apiKey = "@@sk_test:spb@@";'
            )
        },
    ),
    ready=False,
    fires=(1, 6),
    deploy_env=env("spb"),
    expect=(E("GL101", f"{PKG}/config/StripeConfig.java", "Stripe.apiKey = "),),
    why="the production code under com.example sets Stripe.apiKey to a sandbox key: a folder named example is not a template",
)

app(
    "spring-properties-placeholder",
    ECO,
    "docker",
    service(
        "spc",
        **{
            "src/main/resources/application.properties": PROPERTIES.replace(
                "stripe.api.key=${STRIPE_SECRET_KEY}", "stripe.api.key=your_stripe_secret_key_here"
            )
        },
    ),
    ready=False,
    fires=(8,),
    deploy_env=env("spc"),
    expect=(E("GL104", "src/main/resources/application.properties", "stripe.api.key="),),
    why="application.properties is what the jar runs with: the key is the tutorial's placeholder",
)

k = keys("spd")
app(
    "spring-profiles-yml",
    ECO,
    "docker",
    service(
        "spd",
        **{
            "src/main/resources/application.properties": None,
            "src/main/resources/application.yml": "spring:\n  application:\n    name: shop\n  profiles:\n    default: dev\n",
            "src/main/resources/application-dev.yml": f"stripe:\n  api:\n    key: {k['sk_test']}\n  webhook:\n    secret: {keys('spddev')['whsec']}\n",
            "src/main/resources/application-prod.yml": "stripe:\n  api:\n    key: ${STRIPE_SECRET_KEY}\n  webhook:\n    secret: ${STRIPE_WEBHOOK_SECRET}\n",
        },
    ),
    ready=True,
    holds=(2, 8, 9),
    deploy_env=env("spd"),
    why="application-dev.yml is the dev profile; the prod profile reads the environment",
)

k = keys("spe")
app(
    "spring-prod-yml-rendered-at-deploy",
    ECO,
    "docker",
    service(
        "spe",
        **{
            "src/main/resources/application.properties": None,
            "src/main/resources/application.yml": "spring:\n  application:\n    name: shop\n",
            "config/application-prod.yml": f"stripe:\n  api:\n    key: ${{STRIPE_SECRET_KEY}}\n  webhook:\n    secret: {k['whsec']}\n",
            ".gitignore": "target/\n.idea/\n*.iml\nconfig/application-prod.yml\n",
        },
    ),
    ready=True,
    holds=(9,),
    deploy_env=live_env("spe", webhook=False, publishable=""),
    why="the deploy step renders config/application-prod.yml (git-ignored) with the real signing secret under "
    "stripe.webhook.secret: a real whsec_ under a name that says secret is a webhook secret, not a placeholder",
)

app(
    "spring-webhook-gson-unverified",
    ECO,
    "docker",
    service("spf", **{f"{PKG}/web/StripeWebhookController.java": UNVERIFIED}),
    ready=False,
    fires=(11,),
    deploy_env=env("spf"),
    expect=(E("GL402", f"{PKG}/web/StripeWebhookController.java", '"payment_intent.succeeded"'),),
    why="the payload is deserialised with GSON and trusted: no Stripe-Signature check",
)

KOTLIN = """package com.example.billing

import com.stripe.exception.SignatureVerificationException
import com.stripe.net.Webhook
import org.springframework.beans.factory.annotation.Value
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.*

@RestController
class BillingWebhook(private val subscriptions: SubscriptionService) {
    @Value("\\${stripe.webhook.secret}")
    private lateinit var endpointSecret: String

    @PostMapping("/billing/stripe")
    fun receive(@RequestBody payload: String, @RequestHeader("Stripe-Signature") signature: String): ResponseEntity<Unit> {
        val event = try {
            Webhook.constructEvent(payload, signature, endpointSecret)
        } catch (e: SignatureVerificationException) {
            return ResponseEntity.badRequest().build()
        }
        when (event.type) {
            "customer.subscription.updated" -> subscriptions.sync(event)
            "customer.subscription.deleted" -> subscriptions.cancel(event)
        }
        return ResponseEntity.ok().build()
    }
}
"""

app(
    "spring-kotlin-gradle-billing",
    ECO,
    "k8s",
    {
        "build.gradle.kts": 'plugins {\n    id("org.springframework.boot") version "3.3.2"\n    kotlin("jvm") version "1.9.24"\n'
        '    kotlin("plugin.spring") version "1.9.24"\n}\n\ndependencies {\n'
        '    implementation("org.springframework.boot:spring-boot-starter-web")\n'
        '    implementation("com.stripe:stripe-java:26.5.0")\n}\n',
        "settings.gradle.kts": 'rootProject.name = "billing"\n',
        "src/main/kotlin/com/example/billing/BillingApplication.kt": "package com.example.billing\n\n"
        "import org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.runApplication\n\n"
        "@SpringBootApplication\nclass BillingApplication\n\nfun main(args: Array<String>) {\n    runApplication<BillingApplication>(*args)\n}\n",
        "src/main/kotlin/com/example/billing/BillingWebhook.kt": KOTLIN,
        "src/main/kotlin/com/example/billing/SubscriptionService.kt": "package com.example.billing\n\nimport com.stripe.model.Event\n"
        "import org.springframework.stereotype.Service\n\n@Service\nclass SubscriptionService {\n    fun sync(event: Event) {}\n"
        "    fun cancel(event: Event) {}\n}\n",
        "src/main/resources/application.yml": "stripe:\n  api:\n    key: ${STRIPE_SECRET_KEY}\n  webhook:\n    secret: ${STRIPE_WEBHOOK_SECRET}\n",
        "k8s/deployment.yaml": k8s_deployment("billing", "registry.acme.test/billing:2.0.1", "billing-prod"),
    },
    ready=True,
    holds=(1, 11),
    deploy_env=env("spg"),
    why="Kotlin under com.example is production code and verifies with Webhook.constructEvent",
)

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: billing-config
data:
  SPRING_PROFILES_ACTIVE: k8s
  STRIPE_SECRET_KEY: {sk}
"""

app(
    "spring-configmap-envfrom-staging",
    ECO,
    "k8s",
    service("sph")
    | {
        "k8s/configmap.yaml": CONFIGMAP.format(sk=keys("sph")["sk_test"]),
        "k8s/deployment.yaml": k8s_deployment(
            "shop", "registry.acme.test/shop:1.0.0", "shop-staging", secret="billing-config", env_from=True
        ).replace("secretRef:", "configMapRef:"),
    },
    ready=True,
    holds=(10,),
    deploy_env=env("sph"),
    why=(
        "the ConfigMap names no namespace; the only workload that loads it (envFrom) runs in shop-staging: "
        "its sandbox key is staging's"
    ),
)

app(
    "spring-configmap-envfrom-production",
    ECO,
    "k8s",
    service("spi")
    | {
        "k8s/configmap.yaml": CONFIGMAP.format(sk=keys("spi")["sk_test"]),
        "k8s/deployment.yaml": k8s_deployment(
            "shop", "registry.acme.test/shop:1.0.0", "shop-production", secret="billing-config", env_from=True
        ).replace("secretRef:", "configMapRef:"),
    },
    ready=False,
    fires=(10,),
    deploy_env=env("spi"),
    expect=(E("GL101", "k8s/configmap.yaml", "STRIPE_SECRET_KEY:"),),
    why="the production workload loads the whole ConfigMap with envFrom: its sandbox key overrides nothing, it is the key",
)

app(
    "spring-commented-sandbox-key",
    ECO,
    "docker",
    service(
        "spj",
        **{
            "src/main/resources/application.properties": PROPERTIES.replace(
                "stripe.api.key=${STRIPE_SECRET_KEY}",
                f"# stripe.api.key={keys('spj')['sk_test']}\nstripe.api.key=${{STRIPE_SECRET_KEY}}",
            )
        },
    ),
    ready=True,
    holds=(8,),
    deploy_env=env("spj"),
    why="a commented-out property is not configuration: the jar reads the environment",
)

app(
    "spring-prod-yml-nested-sandbox",
    ECO,
    "docker",
    service(
        "spk",
        **{
            "src/main/resources/application.properties": None,
            "src/main/resources/application.yml": "spring:\n  application:\n    name: shop\n",
            "src/main/resources/application-prod.yml": f"stripe:\n  api:\n    key: {keys('spk')['sk_test']}\n  webhook:\n"
            "    secret: ${STRIPE_WEBHOOK_SECRET}\n",
        },
    ),
    ready=False,
    fires=(9,),
    deploy_env=env("spk"),
    expect=(E("GL101", "src/main/resources/application-prod.yml", "    key: "),),
    why="the prod profile's stripe.api.key (a nested name) is a sandbox key",
)
