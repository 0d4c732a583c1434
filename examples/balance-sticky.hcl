# Three uplinks balanced by weight; each LAN host keeps its uplink for an hour.

locals {
  wans = {
    eth0 = 5
    eth1 = 3
    eth2 = 2
  }
}

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    weight = local.wans.eth0
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    weight = local.wans.eth1
  }
}

interface "eth2" {
  zone = "WAN"
  dhcp = true

  wan {
    weight = local.wans.eth2
  }
}

interface "lan0" {
  zone    = "LAN"
  address = "10.10.0.1/16"
}

uplink_group "balanced" {
  mode = "balance"

  # Hash by source IP for sticky sessions
  sticky         = true
  sticky_timeout = "1h"

  member "eth0" { weight = local.wans.eth0 }
  member "eth1" { weight = local.wans.eth1 }
  member "eth2" { weight = local.wans.eth2 }
}
