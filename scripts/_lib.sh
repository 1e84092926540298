# Shared by scripts/setup and scripts/run (sourced, not executed).
# Decides where Python >= 3.14.2 comes from: the machine itself, or a Debian sid
# root kept in a per-user cache and entered with unshare + chroot.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="$PROJECT_DIR/.venv"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/camera-posture"
# Bump the suffix when the root's package list changes, so machines rebuild it.
ROOT_DIR="$CACHE_DIR/sid-root-v1"
ROOT_PACKAGES="python3.14,python3.14-venv,ca-certificates"

log() { printf '[camera-posture] %s\n' "$*" >&2; }

# Prints the path of a host interpreter >= 3.14.2, or nothing.
find_host_python() {
    local candidate
    for candidate in "${CAMERA_POSTURE_PYTHON:-}" python3.14 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 14, 2))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    if command -v uv >/dev/null 2>&1; then
        uv python find '>=3.14.2' 2>/dev/null || true
    fi
}

# "host" when the machine has a suitable Python, "root" when we need the sid root.
python_mode() {
    if [ -n "$(find_host_python)" ]; then echo host; else echo root; fi
}

# Runs "$@" inside the sid root with the project (and pip's cache) bind-mounted at
# the same paths, so the virtual environment's paths are valid on both sides.
run_in_root() {
    local pip_cache="${XDG_CACHE_HOME:-$HOME/.cache}/pip"
    mkdir -p "$pip_cache"
    cp -L /etc/resolv.conf "$ROOT_DIR/etc/resolv.conf" 2>/dev/null || true
    local env_args=(HOME="$HOME" PIP_CACHE_DIR="$pip_cache" PATH="$VENV_DIR/bin:/usr/local/bin:/usr/bin:/bin"
        LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}")
    local var
    for var in $(compgen -e); do
        case "$var" in PIP_FIND_LINKS) ;; PIP_*|CAMERA_POSTURE_*|PYTEST_*|CAMSIM_*) env_args+=("$var=${!var}");; esac
    done
    # PIP_FIND_LINKS and friends may name host-only folders; pip only warns about those.
    unshare --mount --propagation private --fork -- /bin/bash -c '
        set -e
        root="$1"; project="$2"; cache="$3"; shift 3
        mount --rbind /dev "$root/dev"
        mount -t proc proc "$root/proc"
        mount --rbind /sys "$root/sys"
        mount -t tmpfs tmpfs "$root/tmp"
        # Mount points are made after /tmp, so a project or cache under /tmp works too.
        mkdir -p "$root$project" "$root$cache"
        mount --bind "$project" "$root$project"
        mount --bind "$cache" "$root$cache"
        exec chroot "$root" /usr/bin/env -i "$@"
    ' bash "$ROOT_DIR" "$PROJECT_DIR" "$pip_cache" "${env_args[@]}" \
        /bin/bash -c 'cd "$0" && exec "$@"' "$PROJECT_DIR" "$@"
}

# Prints the Debian archive apt on this machine uses (one-line .list or deb822 .sources
# files; comments skipped; the security archive is not a full mirror), or nothing.
# $1: apt's configuration directory (tests pass their own).
configured_mirror() {
    local file etc="${1:-/etc/apt}"
    for file in "$etc/sources.list" "$etc"/sources.list.d/*.list "$etc"/sources.list.d/*.sources; do
        [ -r "$file" ] && cat "$file"
    done | awk '
        /^[[:space:]]*#/ { next }
        $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; break } }
        tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }
    ' | sed 's:/*$::' | grep -E '^https?://[^ ]+/debian$' | head -n1 || true
}

build_root() {
    if [ -f "$ROOT_DIR/.complete" ]; then return 0; fi
    command -v debootstrap >/dev/null 2>&1 || {
        log "installing debootstrap"
        apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null
    }
    local mirror
    mirror="$(configured_mirror)"
    log "building a Debian sid root with Python 3.14 in $ROOT_DIR" \
        "(from ${mirror:-the default mirror of debootstrap}; about a minute)"
    rm -rf "$ROOT_DIR.partial"
    # Without a mirror argument debootstrap uses its own default.
    debootstrap --variant=minbase --include="$ROOT_PACKAGES" sid "$ROOT_DIR.partial" \
        ${mirror:+"$mirror"} >/dev/null
    cp /etc/ssl/certs/ca-certificates.crt "$ROOT_DIR.partial/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$ROOT_DIR"
    mv "$ROOT_DIR.partial" "$ROOT_DIR"
    touch "$ROOT_DIR/.complete"
}

# Installs Debian's Chromium for the browser test (opt-in: about 240 MB, a minute or two).
# In root mode it goes into the sid root, where the tests run; on a host with its own
# Python it goes onto the host. Idempotent; a stamp file records success.
install_browser() {
    if [ "$(python_mode)" = root ]; then
        [ -f "$ROOT_DIR/.chromium" ] && return 0
        log "installing Debian's chromium into the sid root (browser test; about 240 MB)"
        root_apt_get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
            || { root_apt_get update -qq && root_apt_get install -y -qq --no-install-recommends \
                chromium chromium-driver >/dev/null; }
        touch "$ROOT_DIR/.chromium"
    else
        command -v chromium >/dev/null 2>&1 && return 0
        [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || {
            log "no chromium on this machine: install Debian's chromium to run the browser test"
            return 0
        }
        log "installing Debian's chromium (browser test)"
        apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    fi
}

# Runs apt-get inside the sid root (as root, with /proc and /dev mounted privately).
root_apt_get() {
    cp -L /etc/resolv.conf "$ROOT_DIR/etc/resolv.conf" 2>/dev/null || true
    unshare --mount --propagation private --fork -- /bin/bash -c '
        root="$1"; shift
        mount --rbind /dev "$root/dev"
        mount -t proc proc "$root/proc"
        mount -t tmpfs tmpfs "$root/tmp"
        exec chroot "$root" /usr/bin/env -i DEBIAN_FRONTEND=noninteractive \
            PATH=/usr/sbin:/usr/bin:/sbin:/bin apt-get "$@"
    ' bash "$ROOT_DIR" "$@"
}

# The root sees only the repository (and pip's cache), so `--password-file ~/pw` names
# a file it cannot open. The file is opened here, on the host, and handed over as an
# open descriptor (/dev/fd/N): the password is not copied, not put in the environment or
# on a command line (both readable by other processes), and no more of the host (such
# as $HOME) is mounted into the root. A file that cannot be read is left to the command's
# own error. Sets WITH_OPEN_FILES to the rewritten arguments.
open_password_files() {
    WITH_OPEN_FILES=()
    local arg path fd next=0
    for arg in "$@"; do
        path=""
        if [ "$next" = 1 ]; then
            path="$arg"
        elif [[ "$arg" == --password-file=* ]]; then
            path="${arg#--password-file=}"
        fi
        next=0
        [ "$arg" = --password-file ] && next=1
        if [ -n "$path" ] && [ -f "$path" ] && [ -r "$path" ]; then
            exec {fd}<"$path"
            arg="${arg%"$path"}/dev/fd/$fd"
        fi
        WITH_OPEN_FILES+=("$arg")
    done
}

# Runs "$@" with the project's virtual environment first on PATH.
run_in_env() {
    if [ "$(python_mode)" = host ]; then
        cd "$PROJECT_DIR"
        PATH="$VENV_DIR/bin:$PATH" exec "$@"
    else
        open_password_files "$@"
        run_in_root "${WITH_OPEN_FILES[@]}"
    fi
}
