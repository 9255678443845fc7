#!/bin/sh
# RPM sanity: every RPM of the hashed repository has valid digests, a readable payload and readable
# dependency metadata. Runs with REPO_PATH and NODE_WORKSPACE set by the engine.
set -eu
cd "$REPO_PATH"
n=0
for rpm in *.rpm; do
  if [ ! -e "$rpm" ]; then echo "rpm-sanity: no RPMs in $REPO_PATH" >&2; exit 1; fi
  rpm -K --nosignature "$rpm"
  rpm -qp --requires --provides "$rpm" > /dev/null
  rpm -qlp "$rpm" > /dev/null
  payload="$NODE_WORKSPACE/payload.cpio"
  rpm2cpio "$rpm" > "$payload"
  if [ ! -s "$payload" ]; then echo "rpm-sanity: $rpm: empty payload" >&2; exit 1; fi
  rm -f "$payload"
  n=$((n + 1))
done
echo "rpm-sanity: $n RPMs verified"
