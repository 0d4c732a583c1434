# The prefix-change test's gateway: eth0 learns everything at run time (IPv4 by DHCP, IPv6 by
# router advertisements and DHCPv6, a prefix by DHCPv6-PD) and translates the LAN's ULA prefix to
# the delegated one (NPT); eth1 is static with a routed /64. Fast probes of both families.
interface "eth0" {
  zone = "WAN"
  dhcp = true

  ipv6 {
    autoconf          = true
    dhcp              = true
    prefix_delegation = true
    nat               = "npt"
  }

  wan { priority = 1 }
}

interface "eth1" {
  zone      = "WAN"
  addresses = ["203.0.113.10/29", "2001:db8:200::20/64"]
  gateway   = ["203.0.113.9", "2001:db8:200::1"]

  ipv6 {
    nat    = "npt"
    prefix = "2001:db8:200:1000::/64"
  }

  wan { priority = 2 }
}

interface "lan0" {
  zone      = "LAN"
  addresses = ["192.168.1.1/24", "fd00:10::1/64"]
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    health_check {
      targets        = ["1.1.1.1", "2606:4700:4700::1111"]
      interval       = "200ms"
      timeout        = "100ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }

  member "eth1" {
    health_check {
      targets        = ["1.0.0.1", "2606:4700:4700::1001"]
      interval       = "200ms"
      timeout        = "100ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }
}
