# Wrong: the LAN address has a prefix length of 33, more than an IPv4 address has bits.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 2
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/33"
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1
  }

  member "eth1" {
    priority = 2
  }
}
