"""The classifier: kind, mode, format, account, placeholders, redaction, near misses."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keyfactory import account_of, key, whsec

from golive.keys import KEY_IN_TEXT, SCRUB_ANCHORED, SECRET_IN_TEXT, Kind, Status, classify, redact, scrub, scrubber


@pytest.mark.parametrize(
    ("value", "kind", "mode", "fmt"),
    [
        (key("sk", "live"), Kind.SECRET, "live", "current"),
        (key("rk", "test", style="legacy"), Kind.RESTRICTED, "test", "legacy"),
        (key("pk", "live", style="legacy"), Kind.PUBLISHABLE, "live", "legacy"),
        (key("sk_org", "live"), Kind.ORGANIZATION, "live", "current"),
        (whsec(), Kind.WEBHOOK_SECRET, None, None),
    ],
)
def test_real_keys_are_classified(value, kind, mode, fmt):
    found = classify(value)
    assert (found.kind, found.mode, found.format, found.status) == (kind, mode, fmt, Status.REAL)


def test_current_format_keys_carry_an_account_and_legacy_keys_cannot_tell():
    current = key("sk", "live", seed="shop")
    assert classify(current).account == account_of(current)
    assert classify(key("sk", "live", style="legacy")).account is None


def test_bodies_up_to_247_characters_are_accepted():
    grown = "sk_test_5" + "aB3dE9" * 41
    assert classify(grown).status is Status.REAL
    assert classify(grown + "aB3dE9fG2h").status is Status.MALFORMED


@pytest.mark.parametrize(
    "value",
    [
        "sk_test_...",
        "pk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
        "sk_12345",
        "whsec_1234",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "pk_test_TYooMQauvdEDq54NiTphI7jx",
        "sk_live_<your-secret-key>",
        "sk_test_1234567890abcdefghijklmn",
        "whsec_your_webhook_signing_secret",
        "sk_live_REPLACE_ME",
        "pk_live_publishableKeyPrefix",
        "sk_live_${LIVE_KEY_SUFFIX}",
        "whsec_test_secret",
        "sk_live_Éxample_KEY",  # not ASCII: searched in any case all the same
        "rk_live_ÅYOUR_KEY_HERE",
    ],
)
def test_placeholders_are_not_real(value):
    assert classify(value).status is Status.PLACEHOLDER


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("", Status.EMPTY),
        ("your_key_here", Status.FOREIGN),
        ("sk_live_aa****1234", Status.REDACTED),
        ("${STRIPE_SECRET_KEY}", Status.REFERENCE),
        ("${STRIPE_SECRET_KEY:-}", Status.REFERENCE),
        (key("sk", "live") + " ", Status.MALFORMED),
        ('"' + key("sk", "live"), Status.MALFORMED),
        (key("sk", "live", style="truncated"), Status.MALFORMED),
    ],
)
def test_unusable_values(value, status):
    assert classify(value).status is status


@pytest.mark.parametrize(
    "text",
    [
        "run_task_test_" + "aB3dE9fG2hJ4kL",
        "disk_live_backupVolume42",
        "risk_test_scoreModelV2",
        "sk-live-" + "aB3dE9fG2hJ4kL5mN6pQ7rS8",
        "enable_sk_live_mode",
        "network_test_aB3dE9fG2hJ4kL5mN",
        "bookmark_live_userListCount",
        "STRIPE_SK_LIVE_PAYMENT",
    ],
)
def test_near_misses_are_not_keys(text):
    assert KEY_IN_TEXT.search(text) is None


def test_redaction_shows_prefix_and_last_four_only():
    secret = key("sk", "live")
    assert redact(secret) == "sk_live_…" + secret[-4:]
    assert redact(whsec()) == "whsec_…" + whsec()[-4:]
    assert redact("sk_live_short") == "sk_live_…"
    assert secret not in scrub(f"error: {secret} rejected")


_PASTED = [key("sk", "live"), key("rk", "test", style="legacy"), key("pk", "live", seed="pasted"), whsec(), key("sk_org", "live")]
_GLUE = ["", " ", "_", ",", "+", "%20", "%5F", "\\", "…", "'", "\n", "STRIPE_", "sk_test_", "whsec_"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PASTED) | st.sampled_from(_GLUE), max_size=10))
def test_scrub_leaves_no_hidden_part_of_keys_pasted_anyhow(parts):
    """End to end, glued to names, split by odd characters: each key shows its prefix and last four,
    and not six characters in a row of the rest of its body."""
    shown = scrub("".join(parts))
    for pasted in set(parts) & set(_PASTED):
        hidden = pasted.rsplit("_", 1)[1][:-4]
        assert not [hidden[i : i + 6] for i in range(len(hidden) - 5) if hidden[i : i + 6] in shown], shown


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(_PASTED) | st.sampled_from([*_GLUE, "k_", "sk%5Forg%5Flive%5F", "whsec%5F", "check_id"]), max_size=12
    )
)
def test_scrub_of_a_whole_report_redacts_what_one_search_would(parts):
    """A report-sized text is searched only around its anchors: the same output as one search of it all,
    keys at its very start and end included."""
    text = "".join(parts)
    padded = text + "x" * SCRUB_ANCHORED + text
    one_search = SECRET_IN_TEXT.sub(lambda match: redact(re.sub("%5[Ff]", "_", match.group(0))), padded)
    assert scrub(padded) == one_search
    assert scrub(text + " " * SCRUB_ANCHORED) == scrub(text) + " " * SCRUB_ANCHORED


# Secrets golive read, as the scrubber gets them: keys, malformed and short ones, a webhook secret
# without its prefix, a key cut by a space, one glued to a name.
_KNOWN = [
    *_PASTED,
    "sk_live_" + "Ab3dE" * 2,
    "sk_test_" + "Ab3+d/e=F" * 3,
    whsec()[len("whsec_") :],
    _PASTED[0][:30] + " " + _PASTED[0][30:],
    "deploy_" + key("rk", "live"),
    "rk_live_" + "a1B2c3" * 4 + "sk",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_KNOWN) | st.sampled_from(_GLUE), max_size=10))
def test_the_scrubber_redacts_as_if_it_looked_for_every_known_secret(parts):
    """It does not look again for the values scrub never leaves whole: same output as looking for all."""
    text = "".join(parts)
    every_value = re.compile("|".join(map(re.escape, sorted(set(_KNOWN), key=len, reverse=True))))
    assert scrubber(_KNOWN)(text) == every_value.sub(lambda match: redact(match.group(0)), scrub(text))


@pytest.mark.parametrize(
    ("value", "after"),
    [("sk%5Forg_live_abcderk%5Flive%5", "F!"), ("sk%5Forg%5Flive%5Fabcderk%5Flive", "_")],
)
def test_a_known_secret_that_what_follows_it_could_cut_short_is_still_looked_for(value, after):
    """What follows completes a prefix inside the value, so scrub's match cannot start at its first
    character: the scrubber must look for it by itself (found by review)."""
    assert value not in scrubber([value])("error: " + value + after)


def test_scrub_redacts_a_webhook_secret_written_with_a_mode():
    secret = "whsec_test_" + "aB3dE" * 7
    assert scrub(f"got {secret}!") == f"got {redact(secret)}!"
