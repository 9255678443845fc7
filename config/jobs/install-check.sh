#!/bin/sh
# Install check: dnf resolves an install of every binary package of the hashed repository into an empty
# installroot, with nothing but that repository enabled. As root the packages are really installed.
set -eu
root="$NODE_WORKSPACE/installroot"
rm -rf "$root"
mkdir -p "$root"
set --
for rpm in "$REPO_PATH"/*.rpm; do
  case "$rpm" in
    *.src.rpm) ;;
    *) set -- "$@" "$(rpm -qp --qf '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}' "$rpm")" ;;
  esac
done
if [ "$#" -eq 0 ]; then echo "install-check: no binary packages in $REPO_PATH" >&2; exit 1; fi
echo "install-check: $# packages"
dnf() {
  command dnf --installroot "$root" --nogpgcheck --releasever=9 --setopt=reposdir=/nonexistent \
    --setopt=cachedir="$NODE_WORKSPACE/dnf-cache" --setopt=install_weak_deps=False \
    --repofrompath "id,$REPO_PATH" --repo id "$@"
}
if [ "$(id -u)" -eq 0 ]; then
  dnf install -y "$@"
else
  # Without root nothing can be installed; --assumeno still resolves the whole transaction.
  out="$NODE_WORKSPACE/resolve.log"
  dnf install --assumeno "$@" > "$out" 2>&1 || true
  cat "$out"
  grep -q '^Dependencies resolved' "$out" && ! grep -q '^Error' "$out"
fi
