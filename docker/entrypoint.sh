#!/bin/sh
# The kubeledger image's entrypoint: runs `node --import tsx --import ./libs/telemetry/src/register.ts "$@"`
# from /app, after exporting the NAME=value lines of KUBELEDGER_ENV_FILE (the NATS credentials that
# `kubeledger init` writes: NATS_URL, NATS_USER, NATS_PASSWORD, …) when it is set.
set -eu
if [ -n "${KUBELEDGER_ENV_FILE:-}" ]; then
  if [ ! -r "$KUBELEDGER_ENV_FILE" ]; then
    echo "[entrypoint] cannot read $KUBELEDGER_ENV_FILE: it is written by the init service (docker compose -f docker/compose.yaml logs init)." >&2
    exit 1
  fi
  set -a
  . "$KUBELEDGER_ENV_FILE"
  set +a
fi
exec node --import tsx --import ./libs/telemetry/src/register.ts "$@"
