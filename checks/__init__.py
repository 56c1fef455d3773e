"""golive's built-in checks, one module each, ids grouped by hundreds.

GL1xx key mode and shape, GL2xx client exposure, GL3xx restricted-key scope, GL4xx webhooks,
GL9xx golive's own inputs. Shipped as ``golive.checks`` and registered through the ``golive.checks``
entry-point group exactly like third-party plugins.
"""

from . import (
    gl101_test_key_in_production,
    gl102_live_key_outside_production,
    gl103_mixed_keys,
    gl104_placeholder_or_malformed,
    gl201_secret_exposed_to_client,
    gl301_restricted_key_unscoped,
    gl302_secret_key_where_restricted_fits,
    gl401_webhook_secret_missing,
    gl901_input_unreadable,
)

BUILTIN = (
    gl101_test_key_in_production,
    gl102_live_key_outside_production,
    gl103_mixed_keys,
    gl104_placeholder_or_malformed,
    gl201_secret_exposed_to_client,
    gl301_restricted_key_unscoped,
    gl302_secret_key_where_restricted_fits,
    gl401_webhook_secret_missing,
    gl901_input_unreadable,
)
