#!/usr/bin/env bash
# Daily soc2 run for plain cron: no overlap (flock), one log file per run, exit code kept.
#
# SOC2_HOME holds soc2.config.yaml, evidence/ (the bundles and access-reviews/), and a package.json +
# package-lock.json that pin soc2 (README, Install: `npm install --save-dev --save-exact <tarball or git URL>`);
# `npm ci` there installs that exact version. Node.js 22.12 or newer (24 recommended) on the host's PATH.
# `npx --no-install` runs the pinned copy and never fetches a package from the registry.
# Credentials come from the host, never from this file:
#   AWS     the instance profile / container role, or AWS_PROFILE (SSO) in $SOC2_ENV_FILE
#   GitHub  a GitHub App: sources.github.app.privateKeyFile points at a 0600 key file
#   Okta    sources.okta.oauth.privateKeyFile points at a 0600 key file
# $SOC2_ENV_FILE (mode 0600, owned by the soc2 user) may export the variables the config references.
# Keep evidence/ on storage you back up, or sync it to an S3 bucket with Object Lock (see
# examples/github-actions/soc2.yml for why).
set -euo pipefail

SOC2_HOME=${SOC2_HOME:-/opt/soc2}
SOC2_ENV_FILE=${SOC2_ENV_FILE:-/etc/soc2/env}
LOG_DIR=${LOG_DIR:-/var/log/soc2}
LOCK_FILE=${LOCK_FILE:-${XDG_RUNTIME_DIR:-/tmp}/soc2-daily.lock}
KEEP_LOG_DAYS=${KEEP_LOG_DAYS:-400}

mkdir -p "$LOG_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
log="$LOG_DIR/soc2-$stamp.log"

# One run at a time: a second start while the first still runs exits at once (75 = EX_TEMPFAIL).
exec 9>"$LOCK_FILE"
if ! flock -n 9; then
  echo "soc2-daily: the previous run still holds $LOCK_FILE; not starting another" >&2
  exit 75
fi

if [ -f "$SOC2_ENV_FILE" ]; then
  if [ -n "$(find "$SOC2_ENV_FILE" -perm /077)" ]; then
    echo "soc2-daily: $SOC2_ENV_FILE is readable by others; chmod 600 it" >&2
    exit 2
  fi
  set -a
  # shellcheck disable=SC1090
  . "$SOC2_ENV_FILE"
  set +a
fi

cd "$SOC2_HOME"
# CI=true: plain progress lines, no colour, nothing interactive.
set +e
CI=true npx --no-install soc2 collect --baseline latest >>"$log" 2>&1
code=$?
set -e

case "$code" in
  0) ;;
  1) echo "soc2-daily: a control newly fails; see $log" ;;
  3) echo "soc2-daily: evidence is incomplete (something could not be collected); see $log" ;;
  *) echo "soc2-daily: soc2 collect exited with $code; see $log" ;;
esac

find "$LOG_DIR" -name 'soc2-*.log' -type f -mtime "+$KEEP_LOG_DAYS" -delete || true
exit "$code"
