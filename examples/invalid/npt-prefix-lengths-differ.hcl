# Wrong: the ISP routes a /56 to the gateway, but the LAN's ULA prefix is a /64. NPT maps one
# prefix onto another 1:1 and keeps the host bits, so both need one length: ask for a /64 (or
# write the /64 of the /56 to use, "2001:db8:100:1000::/64").

interface "eth0" {
  zone      = "WAN"
  addresses = ["203.0.113.10/29", "2001:db8:100::10/64"]
  gateway   = ["203.0.113.9", "2001:db8:100::1"]

  ipv6 {
    nat    = "npt"
    prefix = "2001:db8:100:1000::/56"
  }

  wan {
    priority = 1
  }
}

interface "eth2" {
  zone      = "LAN"
  addresses = ["192.168.1.1/24", "fd00:10::1/64"]
}

uplink_group "default" {
  member "eth0" {}
}
