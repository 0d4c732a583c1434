# Wrong: the uplink translates the LAN's IPv6 prefix, but the LAN side has two IPv6 prefixes
# (office and guests), so flywall cannot tell which one to translate; say it with lan_prefix
# (one uplink translates one prefix).

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
}

interface "eth2" {
  zone      = "LAN"
  addresses = ["192.168.1.1/24", "fd00:10::1/64"]
}

interface "eth3" {
  zone      = "LAN"
  addresses = ["192.168.2.1/24", "fd00:20::1/64"]
}

uplink_group "default" {
  member "eth0" {}
}
