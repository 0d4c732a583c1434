# Wrong: "@streaming-services" names no ipset; the set is called "streaming_services" (underscore).

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

uplink_group "default" {
  mode = "balance"

  member "eth0" {}
  member "eth1" {}
}

ipset "streaming_services" {
  type    = "ipv4_addr"
  entries = ["198.51.100.0/24", "203.0.113.0/25"]
}

policy_route "streaming" {
  match {
    destination = ["@streaming-services"]
  }

  uplink = "eth1"
}

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}
