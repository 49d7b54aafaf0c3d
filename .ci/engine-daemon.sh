#!/usr/bin/env bash
# A private Docker daemon for the engine tests: its own socket, data root and base image under
# target/engine-test, so the tests never touch a daemon the machine already runs.
#
#   .ci/engine-daemon.sh start   # prints `export STAGECRAFT_TEST_DOCKER_HOST=...` lines
#   .ci/engine-daemon.sh stop
#
# Needs root and Debian's docker.io (/usr/sbin/dockerd, /usr/bin/docker) and busybox-static.
# No registry is used: the base image `stagecraft-test/busybox` is imported from a root
# filesystem made of /bin/busybox and its applet links.
set -euo pipefail
cd "$(dirname "$0")/.."
root="${STAGECRAFT_ENGINE_TEST_DIR:-$PWD/target/engine-test}"
sock="$root/docker.sock"
dockerd="${DOCKERD:-/usr/sbin/dockerd}"
docker="${DOCKER_CLI:-/usr/bin/docker}"
base=stagecraft-test/busybox

start() {
  mkdir -p "$root/data" "$root/exec"
  if [ -S "$sock" ] && DOCKER_HOST="unix://$sock" "$docker" version >/dev/null 2>&1; then
    echo "engine-daemon: already running on $sock" >&2
  else
    rm -f "$sock" "$root/dockerd.pid"
    "$dockerd" --storage-driver vfs --iptables=false --ip6tables=false --bridge=none \
      -H "unix://$sock" --data-root "$root/data" --exec-root "$root/exec" \
      --pidfile "$root/dockerd.pid" >"$root/dockerd.log" 2>&1 &
    for _ in $(seq 1 100); do
      DOCKER_HOST="unix://$sock" "$docker" version >/dev/null 2>&1 && break
      sleep 0.2
    done
    if ! DOCKER_HOST="unix://$sock" "$docker" version >/dev/null 2>&1; then
      echo "engine-daemon: dockerd did not start; its log:" >&2
      tail -20 "$root/dockerd.log" >&2
      exit 1
    fi
  fi
  if ! DOCKER_HOST="unix://$sock" "$docker" image inspect "$base" >/dev/null 2>&1; then
    local rootfs="$root/rootfs"
    rm -rf "$rootfs"
    mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in $("$rootfs/bin/busybox" --list); do
      [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
    tar -C "$rootfs" -c . | DOCKER_HOST="unix://$sock" "$docker" import \
      -c 'ENV PATH=/bin' - "$base" >/dev/null
  fi
  echo "export STAGECRAFT_TEST_DOCKER_HOST=unix://$sock"
  echo "export STAGECRAFT_TEST_DOCKER_CLI=$docker"
  echo "export STAGECRAFT_TEST_BASE_IMAGE=$base"
}

stop() {
  if [ -f "$root/dockerd.pid" ]; then
    pid="$(cat "$root/dockerd.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$root/dockerd.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
