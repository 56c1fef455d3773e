"""Spring Boot's YAML config (``application[-profile].yml``), read per profile document. Its own module,
above the structured and Kubernetes readers it hands work to, so that none of them imports another
in a circle."""

from __future__ import annotations

import dataclasses

from golive.sources import Reading, deploy, kubernetes, mentions_stripe, structured


def read(path: str, text: str) -> Reading:
    """Spring Boot's ``application[-profile].yml``: a document per profile (``spring.config.activate.on-profile``
    or ``spring.profiles``) takes that profile's environment. Kubernetes manifests that happen to be
    named ``application.yaml`` (Argo CD) go to the manifest reader."""
    documents = deploy.documents(text)
    if any(
        deploy.scalar(deploy.mapping(doc).get("kind")) and deploy.scalar(deploy.mapping(doc).get("apiVersion"))
        for doc in documents
    ):
        return kubernetes.read(path, text)
    reading = Reading()
    base = structured._spring_base(path)
    for document in documents:
        leaves = list(deploy.yaml_leaves(document, ()))
        profile = next(
            (structured._profile_environment(value) for keys, value, _ in leaves if keys in structured._SPRING_PROFILE_KEYS), None
        )
        values = []
        for item in structured.plain_values(path, leaves, "yaml"):
            default = structured._SPRING_DEFAULT.match(item.value or "")
            if default and "${" not in default.group("default"):
                name = default.group("name").strip()
                variable = name if mentions_stripe(name) else item.variable
                item = dataclasses.replace(item, variable=variable, value=default.group("default"), fallback=True)
            values.append(dataclasses.replace(item, environment_hint=item.environment_hint or profile))
        reading.values.extend(structured.base_values(path, values) if base and not profile else values)
    return reading
