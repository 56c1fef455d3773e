"""Which files are worth decoding and parsing at all.

A code file, a doc or a plain config that never says "stripe" nor holds a key prefix cannot yield a
Stripe value: in a monorepo that is nineteen files in twenty, so the literal search that tells is most
of what a scan costs. One test, two engines that give the same answers: the standard library's
literal searches (one pass per literal, nothing to import) for small trees, where a pre-commit run
must not pay Hyperscan's 12 ms import; Hyperscan's compiled matcher (one pass for every literal, five
times faster on the corpus in bench/) for trees large enough to fork workers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from types import ModuleType

from golive.sources import webhooks

#: Any of these and the file is read: Stripe's name in its usual spellings, a key prefix, a webhook secret.
MENTIONS = (rb"TRIPE", rb"tripe", rb"k_(?:live|test|org)_", rb"whsec_")
# A Kubernetes Secret holds its values base64-encoded, where no key prefix shows.
KUBERNETES_SECRET = rb"kind:\s*[\"']?Secret\b"
# A workload or kustomization that loads a Secret, ConfigMap or env file names no Stripe value either,
# but its loading decides where the loaded values run (the inventory's joins).
KUBERNETES_LOADS = rb"envFrom|secretKeyRef|configMapKeyRef|secretName|secretGenerator|configMapGenerator"
# A webhook handler that never names Stripe still reads the event's type (`event.type`, `getType()`):
# GL402 must see it, since an unverified handler is exactly the one that never imports the SDK.
READS_A_TYPE = rb"ype\b"
# A shell script that passes a Flutter define file decides that file's environment (golive.sources.variants).
FLUTTER_DEFINES = rb"dart-define-from-file"
# Libraries that verify webhooks for the app without the file naming Stripe (Laravel Cashier, the pay gem).
WEBHOOK_LIBRARY = rb"Cashier\\|Pay::(?:Webhooks|Engine)"

#: (the file's bytes, its path, its reader) -> read it in full?
Test = Callable[[bytes, str, str], bool]

# One literal search each: re's scan for a literal beats `in` on bytes, and is fastest when the
# literal's first letter is rare in code.
_mentions = tuple(re.compile(literal).search for literal in MENTIONS)
_kubernetes_secret = re.compile(KUBERNETES_SECRET).search
_kubernetes_loads = re.compile(KUBERNETES_LOADS).search
_reads_a_type = re.compile(READS_A_TYPE).search
_flutter_defines = re.compile(FLUTTER_DEFINES).search
_webhook_library = re.compile(WEBHOOK_LIBRARY).search


_mentions_in_text = tuple(re.compile(literal.decode()).search for literal in MENTIONS)


def mentions(text: str) -> bool:
    """MENTIONS' test on decoded text: a file without any holds no Stripe value, only structure (the
    Secrets a workload loads, a handler's event types)."""
    return any(search(text) for search in _mentions_in_text)


def searching(raw: bytes, rel: str, reader: str) -> bool:
    if any(search(raw) for search in _mentions):
        return True
    if reader == "yaml":
        return _kubernetes_secret(raw) is not None or _kubernetes_loads(raw) is not None
    if reader == "shell":
        return _flutter_defines(raw) is not None
    return (
        reader == "code"
        and webhooks.may_handle_events(rel, len(raw))
        and (_reads_a_type(raw) is not None or _webhook_library(raw) is not None)
    )


@functools.cache
def for_tree(large: bool) -> Test:
    """The engine for a tree; cached, so that workers forked after the first call inherit it compiled."""
    if large:
        try:
            import hyperscan
        except ImportError:  # no wheel for this platform: the standard library gives the same answers
            return searching
        return _compiled(hyperscan)
    return searching


def _compiled(hyperscan: ModuleType) -> Test:
    """One database per kind of file, each with only the patterns that file needs: the two extra ones
    double the scan's time, and most files need neither."""

    def database(*extra: bytes) -> Callable[[bytes], bool]:
        patterns = [*MENTIONS, *extra]
        compiled = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        compiled.compile(
            expressions=patterns, ids=list(range(len(patterns))), flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(patterns)
        )

        def matches(raw: bytes) -> bool:
            found: list[int] = []
            compiled.scan(raw, match_event_handler=lambda pattern, start, end, flags, context: found.append(pattern))
            return bool(found)

        return matches

    plain, yaml, code_that_may_handle_events = (
        database(),
        database(KUBERNETES_SECRET, KUBERNETES_LOADS),
        database(READS_A_TYPE, WEBHOOK_LIBRARY),
    )
    shell = database(FLUTTER_DEFINES)

    def test(raw: bytes, rel: str, reader: str) -> bool:
        if reader == "yaml":
            return yaml(raw)
        if reader == "shell":
            return shell(raw)
        if reader == "code" and webhooks.may_handle_events(rel, len(raw)):
            return code_that_may_handle_events(raw)
        return plain(raw)

    return test
