"""golive's built-in checks, one module each, ids grouped by hundreds.

GL1xx key mode and shape, GL2xx client exposure, GL3xx restricted-key scope, GL4xx webhooks,
GL5xx where secrets are stored (git, images), GL9xx golive's own inputs. Shipped as the top-level
package ``checks`` beside ``golive`` (the same import path in a checkout, an editable install and a
wheel) and registered through the ``golive.checks`` entry-point group exactly like third-party plugins.
"""

from importlib import import_module

MODULES = (
    "gl101_test_key_in_production",
    "gl102_live_key_outside_production",
    "gl103_mixed_keys",
    "gl104_placeholder_or_malformed",
    "gl105_key_reused_across_environments",
    "gl106_key_rejected",
    "gl107_account_mismatch",
    "gl201_secret_exposed_to_client",
    "gl301_restricted_key_unscoped",
    "gl302_secret_key_where_restricted_fits",
    "gl303_restricted_key_overscoped",
    "gl304_restricted_key_scope_too_narrow",
    "gl305_restricted_key_scope_broader_than_code",
    "gl401_webhook_secret_missing",
    "gl402_webhook_signature_not_verified",
    "gl403_webhook_endpoints_unsecured",
    "gl404_webhook_endpoint_disabled",
    "gl405_webhook_events_not_subscribed",
    "gl406_webhook_api_version_mismatch",
    "gl407_sdk_api_versions_differ",
    "gl501_secret_in_tracked_file",
    "gl502_secret_baked_into_image",
    "gl901_input_unreadable",
    "gl902_verification_incomplete",
)

BUILTIN = tuple(import_module(f"{__name__}.{name}") for name in MODULES)
