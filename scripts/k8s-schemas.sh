#!/usr/bin/env bash
# Offline Kubernetes schema validation for the Helm chart, from the package registries only:
#   - kubeconform (Go module github.com/yannh/kubeconform, pinned) built into ~/.cache/otlp-aiops/bin;
#   - the Kubernetes OpenAPI document (api/openapi-spec/swagger.json inside the Go module k8s.io/kubernetes, pinned);
#   - converted to kubeconform's strict stand-alone JSON schemas by openapi2jsonschema (PyPI, the converter that
#     produced the kubeval/kubeconform schema sets), in a cached virtual environment.
# Prints `KUBECONFORM=<bin> K8S_SCHEMAS=<dir>` on success; everything is cached, so later runs take a second.
# test/deploy/helm-chart.test.ts validates `helm template` output with them and skips, saying why, without them.
set -euo pipefail

K8S_VERSION="v1.34.4"
KUBECONFORM_VERSION="v0.7.0"
cache="${HOME}/.cache/otlp-aiops"
bin="${cache}/bin/kubeconform"
schemas="${cache}/k8s-schemas/${K8S_VERSION}-standalone-strict"
venv="${cache}/k8s-schema-venv"

if [[ ! -x "${bin}" ]]; then
  GOBIN="${cache}/bin" GOFLAGS=-mod=mod go install "github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}" >&2
fi

if [[ ! -f "${schemas}/deployment-apps-v1.json" ]]; then
  # `go mod download` needs a module context only for its cache; run it from an empty temporary module.
  work="$(mktemp -d)"
  trap 'rm -rf "${work}"' EXIT
  spec_dir="$(cd "${work}" && go mod init k8s-schemas >/dev/null 2>&1 && go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  swagger="${spec_dir}/api/openapi-spec/swagger.json"
  [[ -f "${swagger}" ]] || { echo "k8s-schemas: ${swagger} missing" >&2; exit 1; }
  if [[ ! -x "${venv}/bin/openapi2jsonschema" ]]; then
    python3 -m venv "${venv}"
    # openapi2jsonschema 0.9.1 pins PyYAML<6, whose sdist no longer builds on Python 3.11 (Cython 3); 6.0.2 keeps
    # the same yaml.load API, so the converter is installed without its pins and its dependencies named here.
    "${venv}/bin/pip" install -q --no-deps "openapi2jsonschema==0.9.1" >&2
    "${venv}/bin/pip" install -q "click==7.1.2" "colorama==0.4.6" "jsonref==0.2" "PyYAML==6.0.2" >&2
  fi
  mkdir -p "$(dirname "${schemas}")"
  tmp_out="${schemas}.partial"
  rm -rf "${tmp_out}"
  # The converter resolves its `_definitions.json` against the working directory joined with -o, so -o is relative.
  (cd "$(dirname "${schemas}")" && "${venv}/bin/openapi2jsonschema" -o "$(basename "${tmp_out}")" --kubernetes --expanded --stand-alone --strict "${swagger}" >"${tmp_out}.log" 2>&1)
  if grep -q "URLError" "${tmp_out}.log" || [[ ! -f "${tmp_out}/deployment-apps-v1.json" ]]; then
    echo "k8s-schemas: conversion failed:" >&2; grep -m5 "URLError" "${tmp_out}.log" >&2 || true; exit 1
  fi
  rm -f "${tmp_out}.log"
  mv "${tmp_out}" "${schemas}"
fi

echo "KUBECONFORM=${bin} K8S_SCHEMAS=${schemas}"
