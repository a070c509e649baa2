"""The Kubernetes manifests in deploy/k8s: schema-valid (offline, strict) and consistent with the service.

Schemas come from the ``kubernetes-validate`` package (bundled JSON schemas, no cluster and no
network).  Strict mode rejects unknown fields, so a typo such as ``readinesProbe`` fails here
instead of being silently dropped by the API server.  The remaining tests check what the schema
cannot: probes on the right endpoints, selectors that match the pods, sizes that agree with
gunicorn.conf.py.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
K8S_DIR = ROOT / "deploy" / "k8s"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"

#: The Kubernetes version validated against: pinned so a kubernetes-validate upgrade that ships
#: newer schemas does not silently change what is checked.
K8S_VERSION = "1.37"
#: Kustomize's own config kind: not a Kubernetes API object, so kubernetes-validate has no schema.
KUSTOMIZATION = "kustomization.yaml"

Manifest = dict[str, Any]


@functools.cache
def _documents() -> tuple[tuple[str, Manifest], ...]:
    """Every non-empty YAML document under deploy/k8s except the kustomization, as (file name, doc)."""
    docs: list[tuple[str, Manifest]] = []
    for path in sorted(K8S_DIR.glob("*.yaml")):
        if path.name == KUSTOMIZATION:
            continue
        with path.open(encoding="utf-8") as handle:
            docs.extend((path.name, doc) for doc in yaml.safe_load_all(handle) if doc)
    return tuple(docs)


def _manifests() -> list[Manifest]:
    """Deep copies of the manifests, so a test that edits one cannot affect another."""
    return [copy.deepcopy(doc) for _, doc in _documents()]


def _one(kind: str) -> Manifest:
    """The single manifest of ``kind``."""
    found = [doc for doc in _manifests() if doc["kind"] == kind]
    assert len(found) == 1, f"expected exactly one {kind}, found {len(found)}"
    return found[0]


def _container(deployment: Manifest) -> Manifest:
    """The herald container of the Deployment's pod template."""
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["herald"]
    return containers[0]


def _env(container: Manifest) -> dict[str, str]:
    """The container's literal environment variables."""
    return {item["name"]: item["value"] for item in container.get("env", []) if "value" in item}


def _gunicorn_setting(name: str) -> int:
    """An integer literal assigned at top level in gunicorn.conf.py (e.g. ``graceful_timeout = 25``)."""
    match = re.search(rf"^{name}\s*=\s*(\d+)\s*$", GUNICORN_CONF.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{name} = <int> not found in {GUNICORN_CONF.name}"
    return int(match.group(1))


_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def _cpu(quantity: str | int) -> float:
    """A CPU quantity ("2", "500m", 2) in cores."""
    text = str(quantity)
    return int(text[:-1]) / 1000 if text.endswith("m") else float(text)


def _bytes(quantity: str) -> int:
    """A memory quantity with a binary suffix ("1500Mi", "2Gi") in bytes."""
    suffix = quantity[-2:]
    assert suffix in _BINARY, f"use Ki/Mi/Gi memory quantities, got {quantity!r}"
    return int(quantity[:-2]) * _BINARY[suffix]


def _validate(doc: Manifest, strict: bool = True) -> str:
    """Validate ``doc`` against the pinned Kubernetes version; return the version actually used."""
    return kubernetes_validate.validate(doc, K8S_VERSION, strict=strict)


# ---- schema validation ------------------------------------------------------------------------


def test_expected_objects_present() -> None:
    """One Deployment, Service, HPA, PDB and NetworkPolicy, all named herald."""
    kinds = sorted((doc["kind"], doc["metadata"]["name"]) for doc in _manifests())
    assert kinds == [
        ("Deployment", "herald"),
        ("HorizontalPodAutoscaler", "herald"),
        ("NetworkPolicy", "herald"),
        ("PodDisruptionBudget", "herald"),
        ("Service", "herald"),
    ]


@pytest.mark.parametrize(
    "doc", [doc for _, doc in _documents()], ids=[f"{name}:{doc['kind']}" for name, doc in _documents()]
)
def test_manifest_valid_strict(doc: Manifest) -> None:
    """Each manifest validates against the Kubernetes schemas, unknown fields rejected."""
    assert _validate(doc) == K8S_VERSION


def test_validator_rejects_unknown_field() -> None:
    """Not vacuous: a typo'd field fails in strict mode (and only there: lax mode ignores it)."""
    deployment = _one("Deployment")
    container = _container(deployment)
    container["readinesProbe"] = container.pop("readinessProbe")
    _validate(deployment, strict=False)
    with pytest.raises(kubernetes_validate.ValidationError, match="readinesProbe"):
        _validate(deployment)


def test_validator_rejects_wrong_type() -> None:
    """Not vacuous: a value of the wrong type fails too."""
    deployment = _one("Deployment")
    deployment["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate(deployment)


def test_kustomization_lists_every_manifest() -> None:
    """kustomization.yaml (no schema in kubernetes-validate) lists exactly the other files, once each."""
    kustomization = yaml.safe_load((K8S_DIR / KUSTOMIZATION).read_text(encoding="utf-8"))
    assert kustomization["apiVersion"] == "kustomize.config.k8s.io/v1beta1"
    assert kustomization["kind"] == "Kustomization"
    resources = kustomization["resources"]
    assert len(resources) == len(set(resources))
    assert set(resources) == {path.name for path in K8S_DIR.glob("*.yaml")} - {KUSTOMIZATION}
    assert not list(K8S_DIR.glob("*.yml")), "use the .yaml extension: .yml files are not checked"


# ---- what the schema cannot check -------------------------------------------------------------


def test_probes_use_health_endpoints_on_named_port() -> None:
    """Startup and readiness on /readyz, liveness on /healthz (no model work), all on port "http"."""
    container = _container(_one("Deployment"))
    paths = {
        "startupProbe": "/readyz",
        "readinessProbe": "/readyz",
        "livenessProbe": "/healthz",
    }
    for probe_name, path in paths.items():
        probe = container[probe_name]
        assert probe["httpGet"] == {"path": path, "port": "http"}, probe_name
        assert probe["timeoutSeconds"] <= probe["periodSeconds"], probe_name
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports == {"http": 8000}
    assert _env(container)["PORT"] == "8000"


def test_startup_probe_allows_model_loading() -> None:
    """~180 s to load the models, and at least gunicorn's worker timeout (which bounds a worker's boot)."""
    startup = _container(_one("Deployment"))["startupProbe"]
    window = startup["failureThreshold"] * startup["periodSeconds"]
    assert 150 <= window <= 240
    assert window >= _gunicorn_setting("timeout")


def test_liveness_is_answered_while_the_models_are_busy() -> None:
    """herald's threaded worker keeps a thread free for /healthz (HERALD_MAX_WAITING below the
    thread count), so liveness can be strict; memory per worker fits the pod's limit."""
    from service.config import Config

    conf = GUNICORN_CONF.read_text(encoding="utf-8")
    assert 'os.environ.get("GUNICORN_WORKER_CLASS", "service.worker.HeraldWorker")' in conf
    threads = int(re.search(r'os.environ.get\("GUNICORN_THREADS", "(\d+)"\)', conf).group(1))  # type: ignore[union-attr]
    container = _container(_one("Deployment"))
    env = _env(container)
    assert threads > int(env.get("HERALD_MAX_WAITING", Config().max_waiting)) + 1
    liveness = container["livenessProbe"]
    assert liveness["timeoutSeconds"] <= 2 and liveness["failureThreshold"] >= 3
    workers = int(env["WEB_CONCURRENCY"])
    ceiling_mb = int(env.get("HERALD_WORKER_MEMORY_MB", Config().worker_memory_mb))
    limit = _bytes(container["resources"]["limits"]["memory"])
    assert workers * ceiling_mb * 2**20 + 100 * 2**20 <= limit


def test_pod_runs_unprivileged() -> None:
    """Non-root uid 10001 (the image's user), read-only root, no privilege escalation, no capabilities."""
    pod = _one("Deployment")["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    security = pod["securityContext"]
    assert security["runAsNonRoot"] is True
    assert security["runAsUser"] == security["runAsGroup"] == security["fsGroup"] == 10001
    assert security["seccompProfile"] == {"type": "RuntimeDefault"}
    container = _container(_one("Deployment"))["securityContext"]
    assert container["readOnlyRootFilesystem"] is True
    assert container["allowPrivilegeEscalation"] is False
    assert container["capabilities"]["drop"] == ["ALL"]


def test_tmp_is_a_writable_emptydir() -> None:
    """/tmp is a size-capped in-memory emptyDir, and the prometheus multiprocess dir lives under it."""
    deployment = _one("Deployment")
    container = _container(deployment)
    mounts = {mount["mountPath"]: mount for mount in container["volumeMounts"]}
    assert "/tmp" in mounts and not mounts["/tmp"].get("readOnly", False)
    volumes = {volume["name"]: volume for volume in deployment["spec"]["template"]["spec"]["volumes"]}
    empty_dir = volumes[mounts["/tmp"]["name"]]["emptyDir"]
    assert empty_dir["medium"] == "Memory"
    assert _bytes(empty_dir["sizeLimit"]) <= 128 * 2**20
    assert _env(container)["PROMETHEUS_MULTIPROC_DIR"].startswith("/tmp/")


def test_resources_match_workers_and_threads() -> None:
    """Requests and limits set; one core per worker thread; requests never above limits."""
    container = _container(_one("Deployment"))
    requests, limits = container["resources"]["requests"], container["resources"]["limits"]
    assert set(requests) == set(limits) == {"cpu", "memory"}
    env = _env(container)
    cores = int(env["WEB_CONCURRENCY"]) * int(env["HERALD_TORCH_THREADS"])
    assert _cpu(requests["cpu"]) == _cpu(limits["cpu"]) == cores
    assert _bytes(requests["memory"]) <= _bytes(limits["memory"])


def test_shutdown_fits_grace_period() -> None:
    """preStop sleep + gunicorn's graceful_timeout finish before the kubelet's SIGKILL."""
    deployment = _one("Deployment")
    command = _container(deployment)["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep"
    budget = int(command[1]) + _gunicorn_setting("graceful_timeout")
    assert deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > budget


def test_rollout_keeps_capacity() -> None:
    """Rolling updates surge one pod and never remove a Ready one first."""
    spec = _one("Deployment")["spec"]
    assert spec["replicas"] == 2
    assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}


def test_metrics_annotations() -> None:
    """Prometheus scrape annotations on the pod template point at /metrics on the container port."""
    deployment = _one("Deployment")
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/path"] == "/metrics"
    assert int(annotations["prometheus.io/port"]) == _container(deployment)["ports"][0]["containerPort"]


def _selects_pods(selector: dict[str, str], pod_labels: dict[str, str]) -> bool:
    """Whether a non-empty equality selector matches the pod labels."""
    return bool(selector) and all(pod_labels.get(key) == value for key, value in selector.items())


def test_selectors_match_pod_labels() -> None:
    """Deployment, Service and PDB select the Deployment's pods."""
    deployment = _one("Deployment")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert pod_labels["app.kubernetes.io/name"] == "herald"
    assert _selects_pods(deployment["spec"]["selector"]["matchLabels"], pod_labels)
    assert _selects_pods(_one("Service")["spec"]["selector"], pod_labels)
    pdb = _one("PodDisruptionBudget")["spec"]
    assert _selects_pods(pdb["selector"]["matchLabels"], pod_labels)
    assert pdb["minAvailable"] == 1


def test_service_targets_named_container_port() -> None:
    """The Service's port 80 forwards to the container port named http."""
    ports = _one("Service")["spec"]["ports"]
    assert [(port["port"], port["targetPort"]) for port in ports] == [(80, "http")]
    assert _one("Service")["spec"]["type"] == "ClusterIP"
    assert "http" in {port["name"] for port in _container(_one("Deployment"))["ports"]}


def test_hpa_targets_the_deployment() -> None:
    """The HPA scales the Deployment by name, 2 to 10 replicas at 70 % CPU."""
    deployment = _one("Deployment")
    spec = _one("HorizontalPodAutoscaler")["spec"]
    assert spec["scaleTargetRef"] == {
        "apiVersion": deployment["apiVersion"],
        "kind": "Deployment",
        "name": deployment["metadata"]["name"],
    }
    assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 10)
    assert spec["metrics"] == [
        {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}
    ]
    # Utilization is a percentage of the request: without a CPU request the HPA cannot scale.
    assert "cpu" in _container(deployment)["resources"]["requests"]


def _container_port(container: Manifest, port: str | int) -> int:
    """The number of a container port given by name or number (as NetworkPolicy and Service refer to it)."""
    numbers = {item["name"]: item["containerPort"] for item in container["ports"]}
    if isinstance(port, str):
        assert port in numbers, f"no container port named {port!r}"
        return numbers[port]
    assert port in numbers.values(), f"port {port} is not a container port"
    return port


def test_networkpolicy_admits_only_labelled_clients_on_the_service_port() -> None:
    """Selects the Deployment's pods; ingress only from labelled pods/namespaces, only to the http port."""
    deployment = _one("Deployment")
    container = _container(deployment)
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    spec = _one("NetworkPolicy")["spec"]
    assert _selects_pods(spec["podSelector"]["matchLabels"], pod_labels)
    assert set(spec["podSelector"]) == {"matchLabels"}
    assert sorted(spec["policyTypes"]) == ["Egress", "Ingress"]
    assert len(spec["ingress"]) == 1
    rule = spec["ingress"][0]
    # Every peer is a non-empty label selector: no rule admits everyone (a missing or empty `from`).
    assert rule["from"] == [
        {"podSelector": {"matchLabels": {"herald-client": "true"}}},
        {"namespaceSelector": {"matchLabels": {"herald-client": "true"}}},
    ]
    assert [(port["port"], port["protocol"]) for port in rule["ports"]] == [("http", "TCP")]
    allowed = {_container_port(container, port["port"]) for port in rule["ports"]}
    service_targets = {_container_port(container, port["targetPort"]) for port in _one("Service")["spec"]["ports"]}
    assert allowed == service_targets == {8000}
    # The probes' port is the one admitted (they come from the node, which a policy cannot block anyway).
    assert {_container_port(container, container[probe]["httpGet"]["port"]) for probe in
            ("startupProbe", "readinessProbe", "livenessProbe")} == allowed


def test_networkpolicy_denies_all_egress() -> None:
    """herald opens no connections: Egress is a policy type with no rule at all (not even DNS)."""
    spec = _one("NetworkPolicy")["spec"]
    assert "Egress" in spec["policyTypes"]
    assert spec["egress"] == []


def test_api_keys_come_from_an_optional_secret() -> None:
    """HERALD_API_KEYS is read from a Secret (never a literal in the manifest); no Secret = keys off."""
    container = _container(_one("Deployment"))
    env = {item["name"]: item for item in container["env"]}
    assert "value" not in env["HERALD_API_KEYS"]
    assert env["HERALD_API_KEYS"]["valueFrom"] == {
        "secretKeyRef": {"name": "herald-api-keys", "key": "keys", "optional": True}
    }
    assert not {"HERALD_API_KEYS", "HERALD_API_KEYS_FILE"} & set(_env(container))
