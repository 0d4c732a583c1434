# Wrong: the policy route sends traffic to "defualt", a misspelling of the group "default".

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

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1
  }

  member "eth1" {
    priority = 2
  }
}

policy_route "voip" {
  match {
    protocol  = "udp"
    dest_port = ["5060", "10000-20000"]
  }

  uplink = "defualt"
}

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}
