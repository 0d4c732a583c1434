#!/bin/sh
# flywall's hook for ISC dhclient (dhclient -sf), written by the daemon (mode 0700) into its state
# directory. dhclient runs it with $reason and the lease in $new_* / $old_* (man dhclient-script).
# It only configures the address and a default route through the router in the main table, with
# the metric the daemon passes (-e flywall_route_metric=N); the daemon's route sync copies the
# gateway into the uplink's own table. It never touches /etc/resolv.conf: DNS stays the host's.
# For dhclient -6 it installs the DHCPv6 address with the lease's lifetimes, and records a
# delegated prefix as "unreachable PREFIX table T proto dhcp" in the uplink's table (-e
# flywall_table=T) until dhclient says it expired (the kernel keeps no expiry on an unreachable
# route), where the daemon reads it back. Every value that
# reaches ip is checked first (an IPv6 literal, a number).

metric=${flywall_route_metric:-0}
dev=$interface

first() { # the first word of a list
  set -- $1
  printf '%s' "${1:-}"
}

# Removes the address and default route of the $old_* lease (when one is given).
unconfigure() {
  [ -n "${old_ip_address:-}" ] || return 0
  router=$(first "${old_routers:-}")
  if [ -n "$router" ]; then
    ip -4 route del default via "$router" dev "$dev" metric "$metric" 2>/dev/null
  fi
  ip -4 addr del "$old_ip_address/${old_subnet_mask:-255.255.255.255}" dev "$dev" 2>/dev/null
  return 0
}

# Installs the $new_* lease: the address (replacing an old one that differs), then the route.
configure() {
  if [ -n "${old_ip_address:-}" ] && { [ "$old_ip_address" != "$new_ip_address" ] \
    || [ "${old_subnet_mask:-}" != "${new_subnet_mask:-}" ]; }; then
    unconfigure
  elif [ -n "${old_routers:-}" ] && [ "$(first "$old_routers")" != "$(first "${new_routers:-}")" ]; then
    ip -4 route del default via "$(first "$old_routers")" dev "$dev" metric "$metric" 2>/dev/null
  fi
  ip -4 addr replace "$new_ip_address/${new_subnet_mask:-255.255.255.255}" \
    broadcast "${new_broadcast_address:-+}" dev "$dev" || return 1
  router=$(first "${new_routers:-}")
  if [ -n "$router" ]; then
    ip -4 route replace default via "$router" dev "$dev" metric "$metric" proto dhcp onlink || return 1
  fi
  return 0
}

# --- DHCPv6 -----------------------------------------------------------------------------------
table=${flywall_table:-}

is_number() {
  case $1 in '' | *[!0-9]*) return 1 ;; *) return 0 ;; esac
}
is_v6() {
  case $1 in '' | *[!0-9a-fA-F:]* | *:::*) return 1 ;; *:*) [ ${#1} -le 39 ] ;; *) return 1 ;; esac
}
is_v6_prefix() { # ADDRESS/LENGTH
  case $1 in */*) is_v6 "${1%/*}" && is_number "${1#*/}" && [ "${1#*/}" -le 128 ] ;; *) return 1 ;; esac
}

# An address of the lease: added (replaced: new lifetimes) or, with a lifetime of 0, removed.
v6_address() { # address prefixlen valid preferred
  is_v6 "$1" || return 0
  len=$2
  is_number "$len" || len=128
  if [ "${3:-0}" = 0 ] || ! is_number "$3"; then
    ip -6 addr del "$1/$len" dev "$dev" 2>/dev/null
    return 0
  fi
  preferred=$4
  is_number "$preferred" || preferred=$3
  ip -6 addr replace "$1/$len" dev "$dev" valid_lft "$3" preferred_lft "$preferred"
}

# A delegated prefix: recorded in the uplink's table (replaced: new expiry), or removed.
v6_prefix() { # prefix valid
  is_v6_prefix "$1" && is_number "$table" || return 0
  if [ "${2:-0}" = 0 ] || ! is_number "$2"; then
    ip -6 route del unreachable "$1" table "$table" proto dhcp 2>/dev/null
    return 0
  fi
  ip -6 route replace unreachable "$1" table "$table" proto dhcp
}

v6_unconfigure() {
  [ -n "${old_ip6_address:-}" ] && v6_address "$old_ip6_address" "${old_ip6_prefixlen:-}" 0
  [ -n "${old_ip6_prefix:-}" ] && v6_prefix "$old_ip6_prefix" 0
  return 0
}

v6_configure() {
  if [ -n "${new_ip6_address:-}" ]; then
    if [ -n "${old_ip6_address:-}" ] && [ "$old_ip6_address" != "$new_ip6_address" ]; then
      v6_address "$old_ip6_address" "${old_ip6_prefixlen:-}" 0
    fi
    v6_address "$new_ip6_address" "${new_ip6_prefixlen:-}" "${new_max_life:-}" "${new_preferred_life:-}" || return 1
  fi
  if [ -n "${new_ip6_prefix:-}" ]; then
    if [ "$reason" = BOUND6 ] && is_number "$table"; then
      # a new binding: what an earlier one delegated is gone (a server that forgot us)
      ip -6 route flush table "$table" proto dhcp 2>/dev/null
    elif [ -n "${old_ip6_prefix:-}" ] && [ "$old_ip6_prefix" != "$new_ip6_prefix" ]; then
      v6_prefix "$old_ip6_prefix" 0
    fi
    v6_prefix "$new_ip6_prefix" "${new_max_life:-}" || return 1
  fi
  return 0
}

case $reason in
  PREINIT6)
    ip link set dev "$dev" up
    # dhclient -6 binds the link-local address: wait (up to 5 s) until duplicate detection is over
    n=0
    while [ $n -lt 50 ] && ip -6 addr show dev "$dev" scope link tentative | grep -q inet6; do
      sleep 0.1
      n=$((n + 1))
    done
    ;;
  BOUND6 | RENEW6 | REBIND6)
    v6_configure || exit 1
    ;;
  EXPIRE6 | RELEASE6 | STOP6)
    v6_unconfigure
    ;;
  PREINIT)
    ip link set dev "$dev" up
    ;;
  BOUND | RENEW | REBIND | REBOOT | TIMEOUT)
    # TIMEOUT: no server answered; an unexpired lease from the lease file is used as it is
    configure || exit 1
    ;;
  EXPIRE | FAIL | RELEASE | STOP)
    unconfigure
    ;;
  *)
    # MEDIUM, NBI, V6ONLY, DEPREF6 (the kernel deprecates the address itself): nothing to do
    ;;
esac
exit 0
