#!/bin/sh
# flywall's hook for ISC dhclient (dhclient -sf), written by the daemon (mode 0700) into its state
# directory. dhclient runs it with $reason and the lease in $new_* / $old_* (man dhclient-script).
# It only configures the address and a default route through the router in the main table, with
# the metric the daemon passes (-e flywall_route_metric=N); the daemon's route sync copies the
# gateway into the uplink's own table. It never touches /etc/resolv.conf: DNS stays the host's.

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

case $reason in
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
    # MEDIUM, NBI, V6ONLY and the DHCPv6 reasons: nothing to do here
    ;;
esac
exit 0
