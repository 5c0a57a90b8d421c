#!/usr/bin/env bash
# make deploy's upload: a finished build folder to DEST (user@host:/path or a local folder) with rsync.
#   - only a complete build is sent: the build publishes its folder in one step and make stops when it
#     fails, and a folder without index.html is refused here;
#   - only changed files travel: builds are deterministic and keep the mtimes of unchanged files,
#     so rsync's size-and-time check skips them;
#   - the host never serves a half-uploaded site: new files are put in place together at the end
#     (--delay-updates) and files gone from the build are deleted only after that (--delete-after).
# The itemised changes (one line per file sent or deleted) are printed.
set -euo pipefail

die() { echo "deploy: error: $*" >&2; exit 1; }

[[ $# -eq 2 ]] || die "usage: scripts/deploy.sh BUILD_DIR DEST"
src="${1%/}"
dest="${2%/}"
[[ -f "$src/index.html" && -f "$src/404.html" ]] || die "$src holds no finished build (run the build first)"

if ! command -v rsync >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "deploy: installing rsync (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync >/dev/null
  else
    die "rsync is not installed; install it (Debian: sudo apt-get install rsync)"
  fi
fi

rsync --recursive --links --times --omit-dir-times --chmod=D755,F644 --compress \
  --delay-updates --delete-after --itemize-changes \
  "$src/" "$dest/"
echo "deploy: $src/ is now at $dest/"
