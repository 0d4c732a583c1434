# Dual-stack gateway with a static fibre uplink and a cable uplink that learns everything at run
# time: its IPv4 by DHCP, its IPv6 address by router advertisements (SLAAC) and DHCPv6, and a
# prefix delegated by DHCPv6-PD. The LAN numbers its IPv6 hosts from a ULA prefix; each uplink
# translates it 1:1 (NPTv6) to its own prefix, the cable one to whatever prefix the ISP delegates
# (flywall run rewrites the translation when the delegation changes). See docs/ipv6.md.
#
# Addresses come from the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
# 2001:db8::/32); replace them with the ones your ISPs assigned.

# Fibre: static addresses in both families, and a /64 routed to the gateway for the LAN
interface "eth0" {
  zone      = "WAN"
  addresses = ["203.0.113.10/29", "2001:db8:100::10/64"]
  gateway   = ["203.0.113.9", "2001:db8:100::1"]

  ipv6 {
    nat    = "npt"
    prefix = "2001:db8:100:1000::/64"
  }

  wan {
    priority = 1
  }

  # Both families are probed: a round is good when two of the four targets answer
  health_check {
    targets     = ["1.1.1.1", "9.9.9.9", "2606:4700:4700::1111", "2620:fe::fe"]
    reliability = 2
  }
}

# Cable: nothing static
interface "eth1" {
  zone = "WAN"
  dhcp = true

  ipv6 {
    autoconf          = true  # an address from the router advertisements
    dhcp              = true  # and one by DHCPv6, whichever the ISP offers
    prefix_delegation = true  # the prefix the LAN's IPv6 leaves as
    nat               = "npt" # no prefix: the delegated one
  }

  wan {
    priority = 2
  }

  health_check {
    targets     = ["8.8.8.8", "1.0.0.1", "2001:4860:4860::8888", "2606:4700:4700::1001"]
    reliability = 2
  }
}

# Dual-stack LAN: private IPv4 and a ULA /64, the NPT inside prefix of both uplinks
interface "eth2" {
  zone      = "LAN"
  addresses = ["192.168.1.1/24", "fd00:10::1/64"]
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {}
  member "eth1" {}
}
