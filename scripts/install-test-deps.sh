#!/usr/bin/env bash
# Install what the real-browser quality gates need, and nothing that downloads a browser:
#   Debian: chromium (driven by Playwright) with fonts-liberation (its one recommend that matters:
#           stable text metrics in screenshots), nginx-light (static server), Java 11+ (vnu.jar),
#           rsync (the deploy recipe's test);
#   npm:    vnu-jar, axe-core, lighthouse, exactly as pinned in package-lock.json.
# Idempotent and fast when everything is present: apt and npm only run when something is missing.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAMP="$REPO_ROOT/node_modules/.package-lock.sha256"
export DEBIAN_FRONTEND=noninteractive

die() { echo "install-test-deps: error: $*" >&2; exit 1; }
note() { echo "install-test-deps: $*"; }

# True when the Debian package $1 is installed.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# True when `java -version` reports Java 11 or newer (vnu.jar needs 11+).
java_ok() {
  local major
  major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)" || return 1
  [[ -n "$major" && "$major" -ge 11 ]]
}

# Print the Debian packages that are still missing, one per line.
missing_apt_packages() {
  if ! installed chromium || [[ ! -x /usr/bin/chromium ]]; then echo chromium; fi
  if ! installed fonts-liberation; then echo fonts-liberation; fi
  if [[ ! -x /usr/sbin/nginx ]]; then echo nginx-light; fi
  if ! java_ok; then echo default-jre-headless; fi
  if ! command -v rsync >/dev/null 2>&1; then echo rsync; fi  # make deploy's upload (tests/test_deploy.py)
}

install_apt() {
  local -a missing
  mapfile -t missing < <(missing_apt_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    note "Debian packages present (chromium, fonts-liberation, nginx, java, rsync)"
    return
  fi
  command -v apt-get >/dev/null || die "apt-get not found; install ${missing[*]} by hand"
  local sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install ${missing[*]}"
    sudo=(sudo)
  fi
  note "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || die "apt-get install ${missing[*]} failed"
  [[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium still missing after install"
  [[ -x /usr/sbin/nginx ]] || die "/usr/sbin/nginx still missing after install"
  java_ok || die "java 11+ still missing after install"
}

lock_hash() { sha256sum "$REPO_ROOT/package-lock.json" | cut -d' ' -f1; }

install_npm() {
  [[ -f "$REPO_ROOT/package-lock.json" ]] || die "package-lock.json missing in $REPO_ROOT"
  local want
  want="$(lock_hash)"
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" \
        && -f "$REPO_ROOT/node_modules/vnu-jar/build/dist/vnu.jar" \
        && -f "$REPO_ROOT/node_modules/axe-core/axe.min.js" ]]; then
    note "node_modules up to date with package-lock.json"
    return
  fi
  command -v npm >/dev/null || die "npm not found (install Debian's nodejs and npm, Node 18.20+)"
  note "npm ci (package-lock.json changed or node_modules missing)"
  # --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime when none is on PATH;
  # Java comes from Debian above, and no other locked package needs an install script.
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --ignore-scripts) || die "npm ci failed"
  echo "$want" > "$STAMP"
}

install_apt
install_npm
note "ok: $(/usr/bin/chromium --version 2>/dev/null | head -n1), $(/usr/sbin/nginx -v 2>&1), vnu $(node -p 'require("'"$REPO_ROOT"'/node_modules/vnu-jar/package.json").version')"
