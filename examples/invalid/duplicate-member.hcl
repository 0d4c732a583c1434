# Wrong: the group lists "eth0" twice (the second was meant to be eth1).

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    weight = 2
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    weight = 1
  }
}

uplink_group "balanced" {
  mode = "balance"

  member "eth0" { weight = 2 }
  member "eth0" { weight = 1 }
}

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}
