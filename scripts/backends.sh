#!/usr/bin/env bash
# Installs the real servers the backend tests start (internal/realbackend):
# PostgreSQL, MariaDB, Redis, OpenLDAP, FreeRADIUS and RabbitMQ from Debian.
# Idempotent: when every package is already installed, apt is not touched.
set -euo pipefail

PACKAGES=(postgresql mariadb-server redis-server slapd ldap-utils freeradius rabbitmq-server)

missing() {
	local p out
	for p in "${PACKAGES[@]}"; do
		out=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$out" = "installed" ] || echo "$p"
	done
}

install() {
	local need
	need=$(missing)
	if [ -z "$need" ]; then
		echo "backends: all installed (${PACKAGES[*]})"
		return 0
	fi
	echo "backends: installing" $need
	if [ "$(id -u)" -ne 0 ]; then
		SUDO=sudo
	else
		SUDO=
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	# policy-rc.d 101: packages must not start system-wide services; the
	# tests start their own servers on free ports in temp dirs.
	local rc=/usr/sbin/policy-rc.d created=
	if [ ! -e "$rc" ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$rc" >/dev/null
		$SUDO chmod +x "$rc"
		created=1
	fi
	local status=0
	$SUDO apt-get install -y -q --no-install-recommends $need || status=$?
	[ -n "$created" ] && $SUDO rm -f "$rc"
	need=$(missing)
	if [ -n "$need" ]; then
		echo "backends: FAILED to install:" $need "(apt-get exit $status)" >&2
		exit 1
	fi
	echo "backends: installed"
}

case "${1:-install}" in
install) install ;;
check)
	need=$(missing)
	if [ -n "$need" ]; then
		echo "backends: missing:" $need "(run make backends)" >&2
		exit 1
	fi
	echo "backends: all installed"
	;;
*)
	echo "usage: $0 [install|check]" >&2
	exit 2
	;;
esac
